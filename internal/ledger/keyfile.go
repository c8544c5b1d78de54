package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// KeyFromFile reads the deployment's key from path (EVALCRED_LEDGER_KEY_FILE):
// a base64 Ed25519 seed of 32 bytes, as `evalcred ledger key` writes it. A
// file every user of the machine may read is refused: it is the secret that
// signs the credit ledger.
func KeyFromFile(path string) (ed25519.PrivateKey, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("EVALCRED_LEDGER_KEY_FILE: %w", err)
	}
	if info.Mode().Perm()&0o004 != 0 {
		return nil, fmt.Errorf("EVALCRED_LEDGER_KEY_FILE %s: readable by every user of the machine; chmod 600 it", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("EVALCRED_LEDGER_KEY_FILE: %w", err)
	}
	k, err := parseSeed(string(b))
	if err != nil {
		return nil, fmt.Errorf("EVALCRED_LEDGER_KEY_FILE %s: %w", path, err)
	}
	return k, nil
}

// ParseKey decodes EVALCRED_LEDGER_KEY, a base64 Ed25519 seed.
func ParseKey(seedBase64 string) (ed25519.PrivateKey, error) { return parseSeed(seedBase64) }

// WriteNewKey creates a key and writes its seed to path with mode 0600; an
// existing file is never replaced (a key that silently changed would leave
// the deployment unable to sign). It returns the new key.
func WriteNewKey(path string) (ed25519.PrivateKey, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("ledger: new key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s exists: a ledger key is never overwritten", path)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: create key: %w", err)
	}
	_, werr := f.WriteString(base64.StdEncoding.EncodeToString(seed) + "\n")
	if serr := f.Sync(); werr == nil {
		werr = serr
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("ledger: write key: %w", werr)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// EncodeSeed is the key as EVALCRED_LEDGER_KEY holds it.
func EncodeSeed(k ed25519.PrivateKey) string { return base64.StdEncoding.EncodeToString(k.Seed()) }

// EncodePublic is a public key as the head and the pin hold it.
func EncodePublic(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// ParsePublicKey decodes a base64 public key (as the head and the pin hold it).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("ledger: public key must be base64 of 32 bytes")
	}
	return ed25519.PublicKey(b), nil
}
