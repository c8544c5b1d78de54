package filestore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"evalcred/internal/apperr"
)

// S3Config is how to reach an S3-compatible object store (MinIO, or a
// cloud's OSS, OBS or COS): EVALCRED_S3_ENDPOINT, EVALCRED_S3_ACCESS_KEY,
// EVALCRED_S3_SECRET_KEY and EVALCRED_S3_REGION.
type S3Config struct {
	// Endpoint is a URL (https://oss-cn-changsha.example.com, or
	// http://127.0.0.1:9000 for a store on the same network) or a bare
	// host:port, which means HTTPS.
	Endpoint  string
	AccessKey string
	SecretKey string
	// Region is needed by stores that sign per region; empty lets the
	// client ask the store.
	Region string
	// Transport, if set, carries the client's requests (tests count them).
	Transport http.RoundTripper
}

// S3 is a Store in a bucket of an S3-compatible object store, each key an
// object under Prefix.
type S3 struct {
	c      *minio.Client
	Bucket string
	Prefix string // "" or ending in "/"
}

// partSize is the part of a multipart upload held in memory when the
// length of an upload is not known (Put with a reader of unknown length);
// the callers' spooled uploads have a length, and are streamed from the
// file without a buffer.
const partSize = 16 << 20

// NewS3 returns the store named by loc, "s3://bucket/prefix" (the prefix
// may be empty). It does not connect: Check does.
func NewS3(loc string, cfg S3Config) (*S3, error) {
	bucket, prefix, err := parseS3(loc)
	if err != nil {
		return nil, err
	}
	if cfg.Endpoint == "" {
		return nil, errors.New("EVALCRED_S3_ENDPOINT: required when EVALCRED_FILES is s3://")
	}
	host, secure, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	c, err := minio.New(host, &minio.Options{
		Creds:     credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:    secure,
		Region:    cfg.Region,
		Transport: cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("EVALCRED_S3_ENDPOINT %q: %w", cfg.Endpoint, err)
	}
	return &S3{c: c, Bucket: bucket, Prefix: prefix}, nil
}

// parseS3 splits "s3://bucket/some/prefix" into the bucket and "some/prefix/".
func parseS3(loc string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(loc, "s3://")
	if !ok {
		return "", "", fmt.Errorf("EVALCRED_FILES %q: want a directory or s3://bucket/prefix", loc)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	prefix = strings.Trim(prefix, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("EVALCRED_FILES %q: no bucket; want s3://bucket/prefix", loc)
	}
	if prefix != "" {
		if err := checkKey(prefix); err != nil {
			return "", "", fmt.Errorf("EVALCRED_FILES %q: bad prefix", loc)
		}
		prefix += "/"
	}
	return bucket, prefix, nil
}

func parseEndpoint(ep string) (host string, secure bool, err error) {
	if !strings.Contains(ep, "://") {
		return ep, true, nil
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.Trim(u.Path, "/") != "" {
		return "", false, fmt.Errorf("EVALCRED_S3_ENDPOINT %q: want https://host[:port] or http://host[:port]", ep)
	}
	return u.Host, u.Scheme == "https", nil
}

// String names the store as EVALCRED_FILES does.
func (s *S3) String() string { return "s3://" + s.Bucket + "/" + strings.TrimSuffix(s.Prefix, "/") }

// Put streams r into the object. With a known length (a spooled upload, a
// file) the client sends it in one request, or in parts read straight from
// the file; otherwise it holds one part at a time.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	if err := checkKey(key); err != nil {
		return err
	}
	size := sizeOf(r)
	// DisableContentSha256: the body goes as it is, signed UNSIGNED-PAYLOAD,
	// over HTTP as over HTTPS. Otherwise the client wraps it over plain HTTP
	// in the aws-chunked streaming signature, which not every S3-compatible
	// store decodes (s3rver stores the chunk headers as content). Contents
	// are checked against the SHA-256 in their keys by files copy and the
	// backups.
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream", DisableContentSha256: true}
	if size < 0 {
		opts.PartSize = partSize
	}
	// A file handed over from its current offset: a section reader gives the
	// client ReadAt from there, so that it uploads parts side by side.
	if f, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok && size >= 0 {
		if off, err := f.Seek(0, io.SeekCurrent); err == nil {
			r = io.NewSectionReader(f, off, size)
		}
	} else if sr, ok := r.(sized); ok {
		r = sr.Reader
	}
	if _, err := s.c.PutObject(ctx, s.Bucket, s.Prefix+key, r, size, opts); err != nil {
		return fmt.Errorf("filestore: put %s in %s: %w", key, s, err)
	}
	return nil
}

// Open returns the object's content; a missing key is apperr NotFound.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	obj, err := s.c.GetObject(ctx, s.Bucket, s.Prefix+key, minio.GetObjectOptions{})
	if err == nil {
		// The request is sent on the first call: Stat makes it now, so that
		// a missing object is an error here rather than on the first Read.
		_, err = obj.Stat()
	}
	if err != nil {
		if obj != nil {
			obj.Close()
		}
		if isNoSuchKey(err) {
			return nil, apperr.Wrap(err, apperr.NotFound, "error.not_found", "file")
		}
		return nil, fmt.Errorf("filestore: open %s in %s: %w", key, s, err)
	}
	return obj, nil
}

// Delete removes the object; a missing one is not an error.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := s.c.RemoveObject(ctx, s.Bucket, s.Prefix+key, minio.RemoveObjectOptions{}); err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("filestore: delete %s in %s: %w", key, s, err)
	}
	return nil
}

// List lists the objects under the prefix.
func (s *S3) List(ctx context.Context, fn func(key string, size int64) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine when fn fails
	for obj := range s.c.ListObjects(ctx, s.Bucket, minio.ListObjectsOptions{Prefix: s.Prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("filestore: list %s: %w", s, obj.Err)
		}
		key := strings.TrimPrefix(obj.Key, s.Prefix)
		if strings.HasPrefix(key, ".") {
			continue // the start-up check's probes
		}
		if err := fn(key, obj.Size); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Check writes a small object under the prefix and removes it: a bucket
// that does not exist, credentials that are wrong or a policy that refuses
// writes stop the server at start rather than the first upload.
func (s *S3) Check(ctx context.Context) error {
	key := s.Prefix + ".check-" + randomName()
	if _, err := s.c.PutObject(ctx, s.Bucket, key, strings.NewReader("ok"), 2, minio.PutObjectOptions{DisableContentSha256: true}); err != nil {
		return fmt.Errorf("files store %s cannot be written: %s", s, oneLine(err))
	}
	if err := s.c.RemoveObject(ctx, s.Bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("files store %s: cannot remove a test object: %s", s, oneLine(err))
	}
	return nil
}

func isNoSuchKey(err error) bool {
	c := minio.ToErrorResponse(err).Code
	return c == minio.NoSuchKey || c == "NotFound"
}

// oneLine is a store error as one short line: the S3 error code and
// message when there is one.
func oneLine(err error) string {
	if r := minio.ToErrorResponse(err); r.Code != "" {
		return r.Code + ": " + r.Message
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
