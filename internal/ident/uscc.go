package ident

import "strings"

// usccAlphabet is the GB 32100-2015 character set; the index of a character
// is its numeric value in the check-character computation. I, O, Z, S and V
// are left out because they are easily misread as 1, 0, 2, 5 and U.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccTypes returns the organisation-type characters (position 2) allowed for
// a registration authority (position 1), per GB 32100-2015 table 1 with the
// later additions A (military reform office) and N (agriculture). An empty
// result means the authority itself is unknown.
//
// Some collections list further authorities (G overseas NGO offices,
// J owners' committees, Q grassroots overseas-Chinese federations); they are
// not in the published standard and are refused until one is seen on a real
// licence, so that a typo in the first character is caught early.
func usccTypes(authority byte) string {
	switch authority {
	case '1': // 机构编制: 机关, 事业单位, 编办管理的群众团体, 其他
		return "1239"
	case '2': // 外交: 外国常驻新闻机构, 其他
		return "19"
	case '3': // 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委, 其他
		return "123459"
	case '4': // 文化: 外国在华文化中心, 其他
		return "19"
	case '5': // 民政: 社会团体, 民办非企业单位, 基金会, 其他
		return "1239"
	case '6': // 旅游: 外国旅游部门代表机构, 港澳台旅游部门代表机构, 其他
		return "129"
	case '7': // 宗教: 宗教活动场所, 宗教院校, 其他
		return "129"
	case '8': // 工会: 基层工会, 其他
		return "19"
	case '9': // 工商 (now 市场监管): 企业, 个体工商户, 农民专业合作社
		return "123"
	case 'A': // 中央军委改革和编制办公室: 军队事业单位, 其他
		return "19"
	case 'N': // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
		return "1239"
	case 'Y': // 其他: not subdivided, always 1
		return "1"
	}
	return ""
}

// ValidateUSCC checks a unified social credit code (GB 32100-2015). The
// input should be normalised first (NormalizeUSCC); lower-case letters are
// reported as an alphabet error. It returns nil or a *Error with Field
// FieldUSCC.
//
// Besides the final check character it verifies the organisation code check
// character (position 17, GB 11714): every real code in the test data passes
// it, and it catches a second class of typing errors.
func ValidateUSCC(s string) error {
	fail := func(reason string) error { return &Error{Field: FieldUSCC, Reason: reason} }
	if len(s) != 18 {
		// len counts bytes: a non-ASCII character makes a 17-rune string look
		// longer, so tell the person about the character, not the length.
		if strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }) >= 0 {
			return fail(ReasonAlphabet)
		}
		return fail(ReasonLength)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(usccAlphabet, s[i]) < 0 {
			return fail(ReasonAlphabet)
		}
	}
	if !strings.Contains(usccTypes(s[0]), s[1:2]) {
		return fail(ReasonAuthority)
	}
	if !allDigits(s[2:8]) {
		return fail(ReasonDivision)
	}
	if orgCheck(s[8:16]) != s[16] || usccCheck(s[:17]) != s[17] {
		return fail(ReasonChecksum)
	}
	return nil
}

// DivisionOfUSCC returns characters 3-8 of a code: the GB/T 2260 division of
// the registering authority. It returns "" when s is too short.
func DivisionOfUSCC(s string) string {
	if len(s) < 8 {
		return ""
	}
	return s[2:8]
}

// usccCheck computes the 18th character from the first 17, which must all be
// in usccAlphabet.
func usccCheck(body string) byte {
	// The weights are 3^i mod 31 (GB 32100-2015, 5.2): 1, 3, 9, 27, 19, ...
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, body[i]) * w
		w = w * 3 % 31
	}
	return usccAlphabet[(31-sum%31)%31]
}

// orgCheck computes the GB 11714 check character of an 8-character
// organisation code body. Letters count as 10 (A) to 35 (Z).
func orgCheck(body string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2} // GB 11714-1997
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}
