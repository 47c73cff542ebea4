package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// isWebSocketUpgrade reports whether r asks to become a WebSocket.
func isWebSocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// webSocketTransport is gqlgen's WebSocket transport (coder/websocket)
// with ExportScope's rules: the caller authenticates in connection_init
// ({"authorization": "Bearer <token>"} or {"token": "<token>"}), or on the
// upgrade request itself (a caller the auth middleware resolved); a
// browser's Origin must be the server's own host or one of opts.Origins;
// client messages are capped; the server pings to keep the connection.
func webSocketTransport(accounts *auth.Service, opts WebSocketOptions, log *slog.Logger) transport.Websocket {
	if opts.MaxMessageBytes <= 0 {
		opts.MaxMessageBytes = 64 << 10
	}
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = 15 * time.Second
	}
	if opts.InitTimeout <= 0 {
		opts.InitTimeout = 10 * time.Second
	}
	limit := opts.MaxMessageBytes
	return transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{
			// coder/websocket refuses an Origin that is neither the
			// request's host nor one of these patterns.
			OriginPatterns: opts.Origins,
		}},
		InitTimeout:           opts.InitTimeout,
		KeepAlivePingInterval: opts.KeepAlive,
		PayloadReadLimit:      &limit,
		InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			// refuse closes the connection with 4403 and a message that is
			// safe to show (gqlgen sends the error's text to the client).
			refuse := func(err error) (context.Context, *transport.InitPayload, error) {
				code, msg := apperr.Public(err)
				if code == apperr.CodeInternal {
					log.ErrorContext(ctx, "authenticate websocket", "err", err)
				}
				ctx = transport.WithWebsocketCloseCode(ctx, 4403)
				ctx = transport.AppendCloseReason(ctx, code)
				return ctx, nil, errors.New(code + ": " + msg)
			}
			token := strings.TrimSpace(payload.GetString("token"))
			if h := payload.Authorization(); h != "" {
				scheme, t, ok := strings.Cut(h, " ")
				if !ok || !strings.EqualFold(scheme, "Bearer") {
					return refuse(apperr.New(apperr.Unauthenticated, "authorization must be \"Bearer <token>\""))
				}
				token = strings.TrimSpace(t)
			}
			if token == "" {
				if p := auth.FromContext(ctx); p != nil {
					return ctx, nil, nil // authenticated on the upgrade request
				}
				return refuse(apperr.New(apperr.Unauthenticated, "send {\"authorization\": \"Bearer <token>\"} in connection_init"))
			}
			p, err := accounts.Authenticate(ctx, token)
			if err != nil {
				return refuse(err)
			}
			return auth.WithPrincipal(ctx, p), nil, nil
		},
	}
}
