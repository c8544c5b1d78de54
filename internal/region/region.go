// Package region holds the GB/T 2260 administrative divisions of mainland
// China as a tree, and the Scope of an official: the subtree of regions whose
// institutions they may see and act on.
//
// Codes are always six digits in the product, whatever the level: the
// province 43 is "430000", the city 4301 is "430100", the county 430102 stays
// "430102", and the country root is "000000". A fixed width keeps codes
// comparable as strings, which is what makes Scope.SQL an index range scan.
package region

import "fmt"

// RootCode is the code of the country root node.
const RootCode = "000000"

// Level is the depth of a region in the tree.
type Level int

// The levels, from the root down.
const (
	Country  Level = 0
	Province Level = 1 // 省, 自治区, 直辖市
	City     Level = 2 // 地级市, 自治州, 盟, and placeholders such as 1101 市辖区
	County   Level = 3 // 市辖区, 县, 县级市, 旗
)

// String returns the English name of the level.
func (l Level) String() string {
	switch l {
	case Country:
		return "country"
	case Province:
		return "province"
	case City:
		return "city"
	case County:
		return "county"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Region is one node of the division tree.
type Region struct {
	Code   string // six digits
	Name   string // official Chinese name, e.g. 湖南省; 全国 for the root
	Level  Level
	Parent string // code of the parent; "" for the root
}

// IsPlaceholder reports whether r is a city-level node that only groups the
// counties of a municipality or the province-administered counties
// (市辖区, 县, 省直辖县级行政区划 ...). Such a node is kept in the tree, since
// codes hang under it, but its name is not part of an address.
func (r Region) IsPlaceholder() bool {
	if r.Level != City {
		return false
	}
	switch r.Name {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
		return true
	}
	return false
}

// validCode reports whether code has the product's shape: six ASCII digits.
func validCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}
