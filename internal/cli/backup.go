package cli

import (
	"context"
	"flag"
	"fmt"

	"evalcred/internal/backup"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/version"
)

func init() {
	register("backup", "write a consistent backup while the servers run: -db DSN -out DIR", runBackup)
	register("restore", "restore a backup into a new database and check it: -from DIR -db DSN", runRestore)
	register("files copy", "copy a deployment's files between stores, verifying every SHA-256: -from DIR|s3://... -to DIR|s3://...", filesCopy)
}

// runBackup writes the database copy, the referenced files (or their list),
// the ledger's public key and the manifest into -out.
func runBackup(ctx context.Context, env *Env, args []string) error {
	var out string
	cfg, _, err := config(env, "backup", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "a new (or empty) directory for the backup")
	})
	if err != nil {
		return err
	}
	if out == "" {
		return fmt.Errorf("%w: -out DIR is required", ErrUsage)
	}
	d, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	files, err := filestore.Open(cfg.Files, cfg.S3)
	if err != nil {
		return err
	}
	m, err := backup.Make(ctx, backup.Source{DB: d, Files: files, Version: version.Version, Log: env.Stdout}, out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(env.Stdout, "backup written to %s (schema version %d, ledger entry %d)\n", out, m.SchemaVersion, m.Ledger.Seq)
	return nil
}

// runRestore restores -from into the new database -db and the configured
// file store, then checks both.
func runRestore(ctx context.Context, env *Env, args []string) error {
	var from string
	cfg, _, err := config(env, "restore", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the backup directory")
	})
	if err != nil {
		return err
	}
	if from == "" {
		return fmt.Errorf("%w: -from DIR is required", ErrUsage)
	}
	files, err := filestore.Open(cfg.Files, cfg.S3)
	if err != nil {
		return err
	}
	m, err := backup.Restore(ctx, from, backup.Target{DSN: cfg.DB, Files: files, Log: env.Stdout})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(env.Stdout, "restored the backup of %s into %s; start the servers on it with the ledger key whose public key is %s\n",
		m.CreatedAt.Format("2006-01-02 15:04:05Z"), redact(cfg.DB), m.Ledger.PublicKey)
	return nil
}

// filesCopy copies every file of one store into another.
func filesCopy(ctx context.Context, env *Env, args []string) error {
	var from, to string
	cfg, _, err := config(env, "files copy", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the store to copy from: a directory or s3://bucket/prefix (EVALCRED_S3_* reach it)")
		fs.StringVar(&to, "to", "", "the store to copy to")
	})
	if err != nil {
		return err
	}
	if from == "" || to == "" {
		return fmt.Errorf("%w: -from and -to are required", ErrUsage)
	}
	src, err := filestore.Open(from, cfg.S3)
	if err != nil {
		return err
	}
	dst, err := filestore.Open(to, cfg.S3)
	if err != nil {
		return err
	}
	if c, ok := dst.(filestore.Checker); ok {
		if err := c.Check(ctx); err != nil {
			return err
		}
	}
	st, err := filestore.Copy(ctx, src, dst, nil)
	if err != nil {
		return fmt.Errorf("files copy: %w (%d files copied before it; run it again to go on)", err, st.Copied)
	}
	fmt.Fprintf(env.Stdout, "%d files copied (%d bytes), %d already there, every SHA-256 verified\n", st.Copied, st.Bytes, st.Present)
	return nil
}

// redact hides a PostgreSQL URL's password.
func redact(dsn string) string {
	if !db.IsPostgresDSN(dsn) {
		return dsn
	}
	return db.Redact(dsn)
}
