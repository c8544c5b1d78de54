package services

import (
	"context"
	"time"
)

const (
	minute = time.Minute
	hour   = time.Hour
)

func (s *Set) drainMail(ctx context.Context) error {
	_, err := s.Mailer.Drain(ctx, 100)
	return err
}
