package graph

import (
	"sort"
	"strings"

	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/teaching"
)

// This file converts the teaching mode's types to the API's.

// teachingSvc returns the teaching service, or an error when the server
// runs without one.
func (r *Resolver) teachingSvc() (*teaching.Service, error) {
	if r.Teaching == nil {
		return nil, apperr.New(apperr.NotFound, "teaching mode is not enabled on this server")
	}
	return r.Teaching, nil
}

func toTeachingClass(c teaching.Class) *model.TeachingClass {
	return &model.TeachingClass{ID: c.ID, Name: c.Name, Sectors: c.Sectors, JoinCode: c.JoinCode, Closed: c.Closed(), ClosedAt: c.ClosedAt,
		CreatedAt: c.CreatedAt, Students: c.Students, SnapshotID: c.SnapshotID}
}

func toTeachingStudent(s teaching.Student) *model.TeachingStudent {
	return &model.TeachingStudent{ID: s.UserID, Name: s.Name, Email: s.Email, JoinedAt: s.JoinedAt}
}

func toTeachingExpected(e *teaching.ExpectedAnswer) *model.TeachingExpected {
	if e == nil {
		return nil
	}
	out := &model.TeachingExpected{Value: e.Value, Order: e.Order}
	if e.Store != "" {
		out.Store, out.Pass = &e.Store, &e.Pass
	}
	return out
}

func toTeachingAssignment(a teaching.Assignment) *model.TeachingAssignment {
	out := &model.TeachingAssignment{ID: a.ID, ClassID: a.ClassID, Title: a.Title, Template: a.Template, SnapshotID: a.SnapshotID,
		DueAt: a.DueAt, Revealed: a.Revealed, CreatedAt: a.CreatedAt, Params: []model.TeachingParam{}, Questions: []model.TeachingQuestion{}}
	for k, v := range a.Params {
		out.Params = append(out.Params, model.TeachingParam{Key: k, Value: v})
	}
	sort.Slice(out.Params, func(i, j int) bool { return out.Params[i].Key < out.Params[j].Key })
	for _, q := range a.Questions {
		out.Questions = append(out.Questions, model.TeachingQuestion{ID: q.ID, Position: q.Position, Kind: model.TeachingQuestionKind(strings.ToUpper(q.Kind)),
			Prompt: q.Prompt, Unit: q.Unit, Tolerance: q.Tolerance, Expected: toTeachingExpected(q.Expected)})
	}
	return out
}

func toTeachingAnswer(a teaching.Answer) *model.TeachingAnswer {
	return &model.TeachingAnswer{QuestionID: a.QuestionID, AssignmentID: a.AssignmentID, Value: a.Value, Correct: a.Correct,
		Score: a.Score, Detail: a.Detail, SubmittedAt: a.SubmittedAt}
}

func toTeachingLab(r teaching.LabResult) *model.TeachingLabResult {
	out := &model.TeachingLabResult{Store: r.Store, Pages: r.Pages, Rows: []model.TeachingLabRow{}, Errors: r.Errors}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	for _, row := range r.Rows {
		p := row.Product
		out.Rows = append(out.Rows, model.TeachingLabRow{Page: row.Page, PageURL: row.PageURL, Title: p.Title, Brand: p.Brand, Seller: p.Seller,
			Price: p.Price, Currency: p.Currency, Rating: p.Rating, ReviewCount: p.ReviewCount, Sku: p.SKU, URL: p.URL})
	}
	return out
}

func toTeachingGradebook(gb teaching.Gradebook) *model.TeachingGradebook {
	out := &model.TeachingGradebook{Class: toTeachingClass(gb.Class), Assignments: []model.TeachingAssignment{}, Rows: []model.TeachingGradeRow{}}
	for _, a := range gb.Assignments {
		out.Assignments = append(out.Assignments, *toTeachingAssignment(a))
	}
	for _, r := range gb.Rows {
		row := model.TeachingGradeRow{Student: toTeachingStudent(r.Student), Total: r.Total, Cells: []model.TeachingGradeCell{}}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, model.TeachingGradeCell{AssignmentID: c.AssignmentID, Answered: c.Answered, Questions: c.Questions,
				Correct: c.Correct, Score: c.Score})
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func fromAssignmentInput(in model.CreateAssignmentInput) teaching.CreateAssignmentInput {
	out := teaching.CreateAssignmentInput{ClassID: in.ClassID, Template: in.Template, Title: in.Title, DueAt: in.DueAt, Params: map[string]string{}}
	for _, p := range in.Params {
		out.Params[p.Key] = p.Value
	}
	for _, q := range in.Questions {
		cq := teaching.CustomQuestion{Prompt: q.Prompt, Expected: q.Expected, Tolerance: q.Tolerance}
		if q.Unit != nil {
			cq.Unit = *q.Unit
		}
		out.Questions = append(out.Questions, cq)
	}
	return out
}

func errNotSignedIn() error {
	return apperr.New(apperr.Unauthenticated, "sign in or send an API key (Authorization: Bearer <token>)")
}
