package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFile is the name of the signing key in the data directory.
const KeyFile = "ledger-ed25519.key"

// LoadKey returns the head-signing key: from seedBase64 (configuration, a
// base64 Ed25519 seed of 32 bytes) when it is set, otherwise from KeyFile in
// dataDir, which is created with mode 0600 on first use. A key that silently
// changed would make every earlier signature unverifiable, so a malformed
// file is an error, never replaced.
func LoadKey(dataDir, seedBase64 string) (ed25519.PrivateKey, error) {
	if seedBase64 != "" {
		return parseSeed(seedBase64)
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		return parseSeed(string(b))
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("ledger: read key: %w", err)
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("ledger: new key: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("ledger: key directory: %w", err)
	}
	// O_EXCL: two processes starting at once must not each write a different key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadKey(dataDir, "")
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: create key: %w", err)
	}
	_, werr := f.WriteString(base64.StdEncoding.EncodeToString(seed) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, fmt.Errorf("ledger: write key: %w", werr)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func parseSeed(s string) (ed25519.PrivateKey, error) {
	seed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("ledger: signing key must be a base64 Ed25519 seed of 32 bytes")
	}
	return ed25519.NewKeyFromSeed(seed), nil
}
