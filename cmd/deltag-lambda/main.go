// Command deltag-lambda runs deltag's form intake as an AWS Lambda
// function behind a function URL or an API Gateway HTTP API. It serves the
// very http.Handler `deltag intake serve` runs (internal/intake); only
// this small main knows about Lambda.
//
// Configuration, from the environment:
//
//	DELTAG_SITE    the folder with site.yaml, packaged with the function
//	               (default: the function's own folder, LAMBDA_TASK_ROOT)
//	DELTAG_STORE   postgres://… or s3://bucket/prefix (default:
//	               intake.store in site.yaml). A file store is refused:
//	               Lambda's disk is scratch, lost with the instance.
//	DELTAG_INTAKE_SECRET, PGPASSWORD, AWS_*   as site.yaml and the store
//	               name them; Lambda sets the AWS credentials itself.
//
// See internal/intake/DEPLOY.md for the build and deployment recipe.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/deltag/deltag/internal/intake"
)

func main() {
	site := os.Getenv("DELTAG_SITE")
	if site == "" {
		site = os.Getenv("LAMBDA_TASK_ROOT")
	}
	if site == "" {
		site = "."
	}
	h, store, err := intake.Setup(context.Background(), site, os.Getenv("DELTAG_STORE"), os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "deltag-lambda: %v\n", err)
		os.Exit(1)
	}
	if _, ok := store.(*intake.FileStore); ok {
		fmt.Fprintln(os.Stderr, "deltag-lambda: the store is a folder, and Lambda's disk is lost with each instance: set DELTAG_STORE (or intake.store) to postgres://… or s3://bucket/prefix")
		os.Exit(1)
	}
	lambda.Start(adapt(h))
}
