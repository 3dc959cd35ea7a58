# SAM's makefile build method (template.yaml: Metadata.BuildMethod: makefile, CodeUri: .).
# `sam build` runs build-<LogicalId> with ARTIFACTS_DIR set; every function is the same Native AOT executable,
# src/ServiceDesk.Lambda (the host alone: none of the servicedesk command's local tools), and its Handler (_HANDLER)
# picks the function, so the publish runs once and each target copies that one file in as
# `bootstrap`, the name provided.al2023 starts. Needs the .NET 10 SDK (the AOT compiler comes from NuGet) and, on
# linux-x64, a C toolchain for the native link: clang or gcc, and objcopy.
# The AOT cold start and the artifact are checked by tests/ServiceDesk.IntegrationTests/Hosting/NativeAotArtifactTests.cs,
# which runs this file.

PUBLISH_DIR ?= $(CURDIR)/.aws-sam/servicedesk-publish
# The publish keeps its own obj/ and bin/: it never shares restore state (project.assets.json) with an IDE's build or a
# test run going on at the same time, and leaves their Debug builds alone.
BUILD_DIR ?= $(CURDIR)/.aws-sam/servicedesk-build
EXECUTABLE := $(PUBLISH_DIR)/bootstrap
SOURCES := $(shell find src \( -name bin -o -name obj \) -prune -o \( -name '*.cs' -o -name '*.csproj' \) -print) \
	Directory.Build.props Directory.Packages.props global.json

FUNCTIONS := LexFulfillmentFunction ContactFlowFunction TicketsApiFunction AgentActionsFunction

.PHONY: $(addprefix build-,$(FUNCTIONS)) publish clean

# Warnings are errors (Directory.Build.props), trim and AOT analysis included, so a publish that succeeds has none.
# The symbols (bootstrap.dbg) stay in PUBLISH_DIR for reading a crash's stack; they never reach the artifact.
$(EXECUTABLE): $(SOURCES)
	@[ "$$(uname -sm)" = "Linux x86_64" ] || { echo "Native AOT compiles for the system it runs on, and Lambda runs linux-x64; this is $$(uname -sm): build on Linux x64 (WSL2, a VM, CI)" >&2; exit 1; }
	dotnet publish src/ServiceDesk.Lambda/ServiceDesk.Lambda.csproj -c Release -r linux-x64 -p:PublishAot=true \
		--artifacts-path $(BUILD_DIR) -o $(PUBLISH_DIR)
	touch $@

publish: $(EXECUTABLE)

# The artifact is the executable alone: no .dbg, .pdb or .xml.
define build_function
build-$(1): $(EXECUTABLE)
	mkdir -p $$(ARTIFACTS_DIR)
	cp $(EXECUTABLE) $$(ARTIFACTS_DIR)/bootstrap
	chmod 755 $$(ARTIFACTS_DIR)/bootstrap
endef
$(foreach f,$(FUNCTIONS),$(eval $(call build_function,$(f))))

clean:
	rm -rf $(PUBLISH_DIR) $(BUILD_DIR)
