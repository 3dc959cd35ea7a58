#!/usr/bin/env bash
# Removes what deploy.sh made: the flows from the Connect instance, the stack, and the artifact bucket.
#
#   CONNECT_INSTANCE_ARN=... deploy/cleanup.sh                    # keeps the tickets and callers tables
#   CONNECT_INSTANCE_ARN=... DELETE_TABLES=yes deploy/cleanup.sh  # deletes them too
#
# The tickets and callers tables are DeletionPolicy: Retain, so deleting the stack never deletes tickets by accident;
# this script names them and deletes them only when asked. API Gateway's CloudWatch role, if the stack made it, stays
# as well: other APIs in the region may log through it.
set -euo pipefail
: "${CONNECT_INSTANCE_ARN:?set CONNECT_INSTANCE_ARN}"
STACK_NAME=${STACK_NAME:-servicedesk}
REGION=${AWS_REGION:-$(aws configure get region || true)}
: "${REGION:?set AWS_REGION, or a default region with aws configure}"
ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
ARTIFACT_BUCKET=${ARTIFACT_BUCKET:-servicedesk-artifacts-$ACCOUNT-$REGION}
INSTANCE_ID=${CONNECT_INSTANCE_ARN##*/}

for name in ServiceDesk-Inbound ServiceDesk-CustomerQueue ServiceDesk-AgentWhisper ServiceDesk-Disconnect; do
  arn=$(aws connect list-contact-flows --instance-id "$INSTANCE_ID" --region "$REGION" --query "ContactFlowSummaryList[?Name=='$name'].Arn | [0]" --output text)
  if [ -n "$arn" ] && [ "$arn" != "None" ]; then
    aws connect delete-contact-flow --instance-id "$INSTANCE_ID" --contact-flow-id "${arn##*/}" --region "$REGION" || echo "could not delete $name (still assigned to a number?)"
  fi
done

# Read before the stack goes: afterwards nothing names them.
tables=$(aws cloudformation describe-stack-resources --stack-name "$STACK_NAME" --region "$REGION" \
  --query "StackResources[?LogicalResourceId=='TicketsTable' || LogicalResourceId=='CallersTable'].PhysicalResourceId" --output text 2> /dev/null || true)
kb_bucket=$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" --region "$REGION" --query "Stacks[0].Outputs[?OutputKey=='KnowledgeBaseBucketName'].OutputValue | [0]" --output text 2> /dev/null || true)
if [ -n "$kb_bucket" ] && [ "$kb_bucket" != "None" ]; then aws s3 rm "s3://$kb_bucket" --recursive; fi
sam delete --stack-name "$STACK_NAME" --region "$REGION" --no-prompts
aws s3 rb "s3://$ARTIFACT_BUCKET" --force || true

for table in $tables; do
  if [ "${DELETE_TABLES:-no}" = "yes" ]; then
    aws dynamodb delete-table --table-name "$table" --region "$REGION" > /dev/null
    echo "deleted table $table"
  else
    echo "kept table $table (DeletionPolicy: Retain); aws dynamodb delete-table --table-name $table --region $REGION deletes it"
  fi
done
echo "removed $STACK_NAME"
