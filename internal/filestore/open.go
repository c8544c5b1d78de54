package filestore

import (
	"fmt"
	"strings"
)

// Open returns the store that loc names: "s3://bucket/prefix" (with s3 for
// how to reach it) or a directory, created if missing. This is
// EVALCRED_FILES.
func Open(loc string, s3 S3Config) (Store, error) {
	if strings.HasPrefix(loc, "s3://") {
		return NewS3(loc, s3)
	}
	if strings.Contains(loc, "://") {
		return nil, fmt.Errorf("EVALCRED_FILES %q: want a directory or s3://bucket/prefix", loc)
	}
	return NewDir(loc)
}

// String names the directory as EVALCRED_FILES does.
func (d *Dir) String() string { return d.Root }
