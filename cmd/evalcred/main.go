// Command evalcred runs the EvalCred platform; see 'evalcred help'.
package main

import (
	"os"

	"evalcred/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
