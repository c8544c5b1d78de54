package ui

import "net/http"

// publicLedger explains the credit ledger and shows its signed head: the
// sequence number and hash of the latest entry, the Ed25519 signature over
// "evalcred-ledger-head:<seq>:<hash>" and the public key that checks it.
// Someone who notes the head today can later ask for it again and, with the
// entries, see that nothing before it was rewritten.
func (u *UI) publicLedger(w http.ResponseWriter, r *http.Request) {
	u.publicPage(w, r, "creditweb.ledger.title", "ledger_head", &publicData{})
}
