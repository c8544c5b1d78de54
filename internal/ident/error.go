// Package ident validates, normalises, masks and generates the Chinese
// identifiers the platform relies on: the unified social credit code of an
// institution (GB 32100-2015) and the resident identity number of a person
// (GB 11643-1999).
//
// Validation reports a *Error whose Reason is a short machine code, so that
// callers can map it to a form field and show the bilingual message, while
// logs and tests can match on the code.
package ident

// Field names used in *Error.Field.
const (
	FieldUSCC       = "uscc"
	FieldResidentID = "resident_id"
)

// Reason codes used in *Error.Reason. They are stable: other packages and
// API clients may switch on them.
const (
	ReasonLength    = "length"    // wrong number of characters
	ReasonAlphabet  = "alphabet"  // a character outside the allowed set
	ReasonAuthority = "authority" // USCC: unknown registration authority or organisation type
	ReasonDivision  = "division"  // implausible administrative division code
	ReasonBirthdate = "birthdate" // resident ID: not a real date, or out of range
	ReasonChecksum  = "checksum"  // a check character does not match
)

// Error reports why an identifier is invalid.
type Error struct {
	Field  string // FieldUSCC or FieldResidentID
	Reason string // one of the Reason* codes
}

// Error returns the English message, so that wrapped errors read well in logs.
func (e *Error) Error() string { return e.MessageEN() }

// MessageEN is the English message for people.
func (e *Error) MessageEN() string {
	what := e.Field
	switch e.Field {
	case FieldUSCC:
		what = "unified social credit code"
	case FieldResidentID:
		what = "resident ID number"
	}
	why := "is invalid"
	switch e.Reason {
	case ReasonLength:
		why = "must be 18 characters long"
	case ReasonAlphabet:
		why = "contains a character that is not allowed"
	case ReasonAuthority:
		why = "has an unknown registration authority or organisation type (characters 1-2)"
	case ReasonDivision:
		why = "has an invalid administrative division code"
	case ReasonBirthdate:
		why = "has an invalid date of birth"
	case ReasonChecksum:
		why = "has a wrong check character; please check for a typing error"
	}
	return what + " " + why
}

// MessageZH is the Chinese message for people.
func (e *Error) MessageZH() string {
	what := e.Field
	switch e.Field {
	case FieldUSCC:
		what = "统一社会信用代码"
	case FieldResidentID:
		what = "公民身份号码"
	}
	why := "无效"
	switch e.Reason {
	case ReasonLength:
		why = "应为18位"
	case ReasonAlphabet:
		why = "含有不允许的字符"
	case ReasonAuthority:
		why = "的登记管理部门代码或机构类别代码(第1-2位)无效"
	case ReasonDivision:
		why = "的行政区划代码无效"
	case ReasonBirthdate:
		why = "的出生日期无效"
	case ReasonChecksum:
		why = "的校验位不正确,请检查是否输入有误"
	}
	return what + why
}

// Is lets errors.Is match on Field and Reason, with empty target fields acting
// as wildcards: errors.Is(err, &ident.Error{Reason: ident.ReasonChecksum}).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return (t.Field == "" || t.Field == e.Field) && (t.Reason == "" || t.Reason == e.Reason)
}
