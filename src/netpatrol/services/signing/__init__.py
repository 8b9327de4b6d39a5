"""Signed calls from platforms (签名请求): a push to /ingest or /ingest/inbox and an answer
to a takedown notice are all signed the one way. The HMAC-SHA256 covers a timestamp and a
nonce as well as the body, so a captured call cannot be sent again: outside the window it is
stale, inside it the nonce is already spent (remembered in the database for the window).
The signature is fed as the body streams in, never after the body is held whole."""
