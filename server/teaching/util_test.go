package teaching_test

import "strconv"

func itoa(i int) string { return strconv.Itoa(i) }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
