// Command creatordesk is a terminal dashboard and command line for running
// TikTok Shop creator outreach from one local SQLite database.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"creatordesk/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
