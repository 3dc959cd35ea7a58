# SAM's makefile build method (template.yaml: Metadata.BuildMethod: makefile, CodeUri: .).
# `sam build` runs build-<LogicalId> with ARTIFACTS_DIR set; every function is the same self-contained ReadyToRun
# executable (its Handler, i.e. _HANDLER, picks the function), so the publish runs once and each target copies it.
# Needs only the .NET 10 SDK (the linux-x64 runtime and crossgen packs come from NuGet).

PUBLISH_DIR ?= $(CURDIR)/.aws-sam/servicedesk-publish
STAMP := $(PUBLISH_DIR)/.stamp

FUNCTIONS := LexFulfillmentFunction ContactFlowFunction TicketsApiFunction AgentActionsFunction

.PHONY: $(addprefix build-,$(FUNCTIONS)) publish clean

$(STAMP):
	dotnet publish src/ServiceDesk.Cli/ServiceDesk.Cli.csproj -c Release -r linux-x64 --self-contained \
		-p:PublishReadyToRun=true -p:InvariantGlobalization=true -o $(PUBLISH_DIR)
	touch $(STAMP)

publish: $(STAMP)

# Lambda's custom runtime starts ./bootstrap; it hands over to servicedesk, which serves the Runtime API loop
# because AWS_LAMBDA_RUNTIME_API is set, running the function named by _HANDLER.
define build_function
build-$(1): $(STAMP)
	mkdir -p $$(ARTIFACTS_DIR)
	cp -R $(PUBLISH_DIR)/. $$(ARTIFACTS_DIR)/
	rm -f $$(ARTIFACTS_DIR)/.stamp
	printf '#!/bin/sh\nset -e\nexec "$$$${LAMBDA_TASK_ROOT:-$$$$(dirname "$$$$0")}/servicedesk" "$$$$@"\n' > $$(ARTIFACTS_DIR)/bootstrap
	chmod 755 $$(ARTIFACTS_DIR)/bootstrap $$(ARTIFACTS_DIR)/servicedesk
endef
$(foreach f,$(FUNCTIONS),$(eval $(call build_function,$(f))))

clean:
	rm -rf $(PUBLISH_DIR)
