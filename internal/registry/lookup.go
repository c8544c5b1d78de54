package registry

import (
	"context"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/ident"
)

// Lookup resolves what an official typed to name an institution: an id, or
// a USCC (full-width or lower-case accepted) of an institution the official
// may see. Anything else, or an institution outside the region, is
// NotFound. An id is returned as typed: the service it is passed to checks it.
func (s *Service) Lookup(ctx context.Context, a *auth.Actor, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 && len(ref) < 18 {
		return id, nil
	}
	code := strings.ReplaceAll(ident.NormalizeUSCC(ref), " ", "")
	if len(code) != 18 {
		return 0, apperr.NotFoundf("institution")
	}
	list, err := s.ListInstitutions(ctx, a, Filter{Q: code}, Page{Limit: 5})
	if err != nil {
		return 0, err
	}
	for _, in := range list.Items {
		if in.USCC == code {
			return in.ID, nil
		}
	}
	return 0, apperr.NotFoundf("institution")
}
