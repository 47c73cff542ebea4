package teaching_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/teaching"
)

func newLab(t *testing.T, maxPages int) *teaching.Lab {
	t.Helper()
	l, err := teaching.NewLab(teaching.LabOptions{Seed: 1, Day: 30, MaxPages: maxPages, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func practiceUS(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../crawlers/sites/practice-us.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLabRunsPracticeAdapter(t *testing.T) {
	l := newLab(t, 6)
	res, err := l.Run(context.Background(), practiceUS(t), "magnesium oxide", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 6 || res.Store != "us" {
		t.Errorf("pages %d store %q, want 6 pages of us", res.Pages, res.Store)
	}
	products := 0
	for _, r := range res.Rows {
		if r.Page == "product" && r.Product.Title != "" && r.Product.Price != nil {
			products++
		}
	}
	if products == 0 {
		t.Errorf("no product rows among %d rows; errors %v", len(res.Rows), res.Errors)
	}
	if !strings.Contains(strings.Join(res.Errors, "\n"), "page limit of 6") {
		t.Errorf("errors do not report the page limit: %v", res.Errors)
	}
}

func TestLabScoresFieldAccuracy(t *testing.T) {
	l := newLab(t, 8)
	good := practiceUS(t)
	sc, _, err := l.Score(context.Background(), good, "us", "magnesium oxide")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Products == 0 || sc.Accuracy < 0.95 {
		t.Errorf("shipped adapter: %d products, accuracy %.2f, wrong %v", sc.Products, sc.Accuracy, sc.Wrong)
	}
	// Reading the brand from the title makes brand
	// wrong on every product (adapter values win over JSON-LD).
	bad := strings.Replace(good, "        - {css: 'script[type=\"application/ld+json\"]', json: brand.name}\n        - '#brand'", "        - '#title'", 1)
	if bad == good {
		t.Fatal("test adapter edit did not apply")
	}
	sc2, _, err := l.Score(context.Background(), bad, "us", "magnesium oxide")
	if err != nil {
		t.Fatal(err)
	}
	if sc2.Wrong["brand"] != sc2.Products || sc2.Accuracy >= sc.Accuracy {
		t.Errorf("broken brand: accuracy %.2f (good %.2f), wrong %v over %d products", sc2.Accuracy, sc.Accuracy, sc2.Wrong, sc2.Products)
	}
	// An adapter for another store scores nothing on this one.
	sc3, res, err := l.Score(context.Background(), good, "de", "magnesium oxide")
	if err != nil {
		t.Fatal(err)
	}
	if sc3.Accuracy != 0 || len(res.Errors) == 0 {
		t.Errorf("us adapter scored on de: %+v", sc3)
	}
}

func TestLabRefusesOtherHosts(t *testing.T) {
	var hits atomic.Int64
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`<html><body><h1 id="title">leak</h1></body></html>`))
	}))
	defer outside.Close()
	l := newLab(t, 5)
	ctx := context.Background()
	good := practiceUS(t)

	// A market on another host is refused before anything is fetched.
	other := strings.Replace(good, "host: practicemart.us", "host: "+strings.TrimPrefix(outside.URL, "http://"), 1)
	_, err := l.Run(ctx, other, "magnesium oxide", "")
	wantCode(t, err, apperr.CodeBadInput)
	evil := strings.Replace(good, "host: practicemart.us", "host: example.com", 1)
	_, err = l.Run(ctx, evil, "magnesium oxide", "")
	wantCode(t, err, apperr.CodeBadInput)

	// Start URLs elsewhere are refused and reported, not fetched.
	for _, start := range []string{outside.URL + "/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "https://practicemart.us.evil.test/us/"} {
		res, err := l.Run(ctx, good, "", start)
		if err != nil {
			t.Fatal(err)
		}
		if res.Pages != 0 || len(res.Errors) != 1 {
			t.Errorf("start %s: %d pages, errors %v; want refused", start, res.Pages, res.Errors)
		}
	}
	// A search URL template pointing elsewhere is refused too.
	redirected := strings.Replace(good, `url: "https://{host}/us/search?q={keyword}&page={page}"`, `url: "`+outside.URL+`/s?q={keyword}"`, 1)
	res, err := l.Run(ctx, redirected, "magnesium oxide", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 0 || len(res.Errors) == 0 {
		t.Errorf("search elsewhere: %d pages, errors %v", res.Pages, res.Errors)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the outside server got %d requests", n)
	}
	_, err = l.Run(ctx, "name: [unclosed", "x", "")
	wantCode(t, err, apperr.CodeBadInput)
}

func TestAdapterAssignment(t *testing.T) {
	l := newLab(t, 8)
	e := newEnv(t, l)
	teacher := e.tenant(t, "t@lab.test", "training_base", "education")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "Lab", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	// Stores with schema.org data would pass any adapter.
	_, err = e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateAdapter, Title: "Adapter",
		Params: map[string]string{"store": "us"}})
	wantCode(t, err, apperr.CodeBadInput)
	a, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateAdapter, Title: "Adapter",
		Params: map[string]string{"store": "jp"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../crawlers/sites/practice-jp.yaml")
	if err != nil {
		t.Fatal(err)
	}
	jp := string(b)
	student := e.join(t, c.JoinCode, "Wang", "wang@lab.test")
	fb, err := e.svc.SubmitAnswer(student, a.Questions[0].ID, jp)
	if err != nil {
		t.Fatal(err)
	}
	if !fb.Answer.Correct || fb.Lab == nil || len(fb.Lab.Rows) == 0 {
		t.Errorf("shipped jp adapter graded %+v; lab %d pages, errors %v", fb.Answer, fb.Lab.Pages, fb.Lab.Errors)
	}
	// An adapter that reads only titles gets the other fields wrong.
	titles := "name: t\nmarkets:\n  - {host: practicebazaar.jp, country: JP, locale: ja-JP, currency: JPY}\n" +
		"search:\n  url: \"https://{host}/jp/search?q={keyword}&page={page}\"\npages:\n" +
		"  - name: search\n    urls: ['^/jp/search\\?']\n    items: '#search-results > div.item-card'\n    follow: {css: 'a.item-title', attr: href}\n    fields: {title: 'a.item-title'}\n" +
		"  - name: product\n    urls: ['^/jp/goods/']\n    fields: {title: 'h1'}\n"
	fb, err = e.svc.SubmitAnswer(student, a.Questions[0].ID, titles)
	if err != nil {
		t.Fatal(err)
	}
	if fb.Answer.Correct || fb.Answer.Score > 0.5 {
		t.Errorf("titles-only adapter graded %+v", fb.Answer)
	}
	// An adapter for another store scores nothing.
	fb, err = e.svc.SubmitAnswer(student, a.Questions[0].ID, practiceUS(t))
	if err != nil {
		t.Fatal(err)
	}
	if fb.Answer.Correct || fb.Answer.Score != 0 {
		t.Errorf("adapter for the wrong store graded %+v", fb.Answer)
	}
}
