package sentiment

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name, text, lang string
		polarity         string
		aspects          []Mention
	}{
		{"en positive", "Great quality, fast delivery. Would recommend!", "en", "positive",
			[]Mention{{"quality", 1}, {"delivery", 1}}},
		{"en contrast", "Fast delivery but poor quality", "en", "neutral",
			[]Mention{{"delivery", 1}, {"quality", -1}}},
		{"en negation", "The packaging was not good and the bag leaked", "en", "negative",
			[]Mention{{"packaging", -1}}},
		{"en no problem", "No problems at all", "en", "positive", []Mention{}},
		{"de", "Die Qualität ist super, aber die Lieferung war leider sehr langsam.", "de", "negative",
			[]Mention{{"quality", 1}, {"delivery", -1}}},
		{"de negation", "Nicht gut verpackt", "de", "negative", []Mention{{"packaging", -1}}},
		{"es", "Excelente calidad y buen precio", "es", "positive", []Mention{{"price", 1}, {"quality", 1}}},
		{"es negation", "El envío no llegó a tiempo, muy mal servicio", "es", "negative",
			[]Mention{{"delivery", 0}, {"service", -1}}},
		{"ru inflected", "Отличное качество, быстрая доставка", "ru", "positive",
			[]Mention{{"quality", 1}, {"delivery", 1}}},
		{"ru negation", "Товар не понравился, упаковка порвана", "ru", "negative", []Mention{{"packaging", 0}}},
		{"zh positive", "质量很好，物流很快", "zh", "positive", []Mention{{"quality", 1}, {"delivery", 1}}},
		{"zh 不错 is good", "包装不错", "zh", "positive", []Mention{{"packaging", 1}}},
		{"zh negation", "质量不好，客服态度差", "zh", "negative", []Mention{{"quality", -1}, {"service", -1}}},
		{"language guessed from script", "质量很差", "", "negative", []Mention{{"quality", -1}}},
		{"nothing", "Received it on Tuesday", "en", "neutral", []Mention{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.text, tt.lang)
			if r.Polarity() != tt.polarity {
				t.Errorf("polarity %s (score %.2f, +%d -%d), want %s", r.Polarity(), r.Score, r.Positive, r.Negative, tt.polarity)
			}
			if diff := cmp.Diff(tt.aspects, r.Aspects); diff != "" {
				t.Errorf("aspects mismatch (-want +got):\n%s", diff)
			}
			if r.Score < -1 || r.Score > 1 {
				t.Errorf("score %g outside [-1, 1]", r.Score)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	var s Summary
	s.Add("Great quality", "en")
	s.Add("Poor quality, late delivery", "en")
	s.Add("质量很好", "zh")
	s.Add("Schnelle Lieferung", "de")
	s.Add("Slow delivery", "en")
	if s.Reviews != 5 || s.Positive != 3 || s.Negative != 2 {
		t.Errorf("reviews %d +%d -%d, want 5 +3 -2", s.Reviews, s.Positive, s.Negative)
	}
	wantPos := []AspectCount{{Aspect: "quality", Positive: 2, Negative: 1}}
	if diff := cmp.Diff(wantPos, s.TopPositive(3)); diff != "" {
		t.Errorf("top positive mismatch (-want +got):\n%s", diff)
	}
	wantNeg := []AspectCount{{Aspect: "delivery", Positive: 1, Negative: 2}}
	if diff := cmp.Diff(wantNeg, s.TopNegative(3)); diff != "" {
		t.Errorf("top negative mismatch (-want +got):\n%s", diff)
	}
	var empty Summary
	if got := empty.TopPositive(3); len(got) != 0 {
		t.Errorf("empty summary has aspects %v", got)
	}
}
