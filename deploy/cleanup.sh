#!/usr/bin/env bash
# Deletes the stack. Tables with DeletionPolicy Retain (tickets, callers) stay; delete them by hand if wanted.
set -euo pipefail
STACK="${STACK:-servicedesk}"
aws cloudformation delete-stack --stack-name "$STACK"
aws cloudformation wait stack-delete-complete --stack-name "$STACK"
echo "Deleted $STACK. Retained tables (tickets, callers) and the artifact bucket remain."
