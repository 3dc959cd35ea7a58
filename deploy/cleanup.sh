#!/usr/bin/env bash
# Removes what deploy.sh made: the flows from the Connect instance, the stack, and the artifact bucket.
# Tables are deleted with the stack; export tickets first if you need them.
set -euo pipefail
: "${CONNECT_INSTANCE_ARN:?set CONNECT_INSTANCE_ARN}"
STACK_NAME=${STACK_NAME:-servicedesk}
REGION=${AWS_REGION:-$(aws configure get region)}
ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
ARTIFACT_BUCKET=${ARTIFACT_BUCKET:-servicedesk-artifacts-$ACCOUNT-$REGION}
INSTANCE_ID=${CONNECT_INSTANCE_ARN##*/}

for name in ServiceDesk-Inbound ServiceDesk-CustomerQueue ServiceDesk-AgentWhisper; do
  arn=$(aws connect list-contact-flows --instance-id "$INSTANCE_ID" --region "$REGION" --query "ContactFlowSummaryList[?Name=='$name'].Arn | [0]" --output text)
  if [ -n "$arn" ] && [ "$arn" != "None" ]; then
    aws connect delete-contact-flow --instance-id "$INSTANCE_ID" --contact-flow-id "${arn##*/}" --region "$REGION" || echo "could not delete $name (still assigned to a number?)"
  fi
done

kb_bucket=$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" --region "$REGION" --query "Stacks[0].Outputs[?OutputKey=='KnowledgeBaseBucketName'].OutputValue" --output text 2>/dev/null || true)
if [ -n "$kb_bucket" ] && [ "$kb_bucket" != "None" ]; then aws s3 rm "s3://$kb_bucket" --recursive; fi
sam delete --stack-name "$STACK_NAME" --region "$REGION" --no-prompts
aws s3 rb "s3://$ARTIFACT_BUCKET" --force || true
echo "removed $STACK_NAME"
