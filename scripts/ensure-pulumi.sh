#!/usr/bin/env bash
# ensure-pulumi.sh — provide the Pulumi CLI and the Node.js language host without get.pulumi.com.
#
# Prints, as the LAST line of stdout, the absolute path of a directory that holds `pulumi` and
# `pulumi-language-nodejs` (plus `pulumi-resource-pulumi-nodejs`, needed by pulumi.dynamic.Resource).
# All progress goes to stderr. Typical use:
#     PATH="$(scripts/ensure-pulumi.sh | tail -n1):$PATH"
#
# Where the binaries come from, first match wins:
#   1. `pulumi` already on PATH, with `pulumi-language-nodejs` beside it or on PATH.
#   2. The `pulumi` npm package (a downloader: it runs Pulumi's install script and caches the
#      release under ${PULUMI_HOME:-~/.pulumi}/versions/<version>/bin). A finished download there
#      is used as is; otherwise `npx pulumi@<version>` is tried once under a short timeout, which
#      fails in about a second where the download host is unreachable. Skipped entirely when
#      DB_PREFLIGHT_PULUMI_BUILD=1.
#   3. A build from Go modules in ${DB_PREFLIGHT_CACHE:-~/.cache/db-preflight}/pulumi-v<version>/:
#      a generated wrapper module (go.mod + tools.go, no replace directives) builds
#      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at the release tag with the release's flags
#      (.goreleaser.yml: -trimpath, tags osusergo,grpcnotrace, CGO_ENABLED=0,
#      -ldflags "-w -s -X .../sdk/v3/go/common/version.Version=v<version>").
#      The language host module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#      has no tags, so it is asked for at the pseudo-version of the release commit (tag v<version>).
#      The module proxy reachable here refuses it (403), so the script then builds a small Node.js
#      language host of its own (Go source below, generated into the cache) against the released
#      pkg/v3 and sdk/v3 modules. A finished build is stamped; later runs do no Go work at all.
#      The first build takes a few minutes and about 2 GiB of memory; a flock keeps concurrent
#      callers from building twice.
#   A finished build (3) is looked for before the npx attempt (2), so a cached run takes well under
#   a second and touches no network.
#
# Policy packs: Pulumi v3.259 runs a Node.js policy pack through the language host's RunPlugin
# (pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer: the `pulumi-analyzer-policy-<runtime>`
# plugin is only looked for when no language plugin exists), and the release archive ships no
# analyzer shim. So no pulumi-analyzer-policy is made; the language host handles
# `pulumi preview --policy-pack <dir>`.
#
# Offline runs of the CLI want: PULUMI_SKIP_UPDATE_CHECK=true,
# PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true, a local backend (PULUMI_BACKEND_URL=file://...)
# and PULUMI_CONFIG_PASSPHRASE.
set -euo pipefail

PULUMI_VERSION=3.259.0
# Commit of the git tag v3.259.0 of pulumi/pulumi (the release build's commit), as a pseudo-version.
# (The pkg/v3.259.0 tag sits one commit later, a05d88f24d05, 2026-08-20T08:44:10Z; the proxy here
# refuses that pseudo-version too, as it does the module's @v/list and any commit-hash query.)
LANGHOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
LANGHOST_PSEUDO=v3.0.0-20260819165155-0ac56e876614
# The release build's flags (.goreleaser.yml of v3.259.0).
GO_TAGS=osusergo,grpcnotrace
GO_LDFLAGS="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}"
GO_DIRECTIVE=1.25.11
NPX_TIMEOUT=${DB_PREFLIGHT_NPX_TIMEOUT:-30}

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_exe() { [[ -f "$1" && -x "$1" ]]; }
emit() { printf '%s\n' "$1"; exit 0; }

# ---------------------------------------------------------------- 1. already on PATH
if cli=$(command -v pulumi 2>/dev/null) && [[ -n "$cli" ]]; then
  cli=$(readlink -f "$cli")
  dir=$(dirname "$cli")
  if is_exe "$dir/pulumi-language-nodejs" || command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "using pulumi found on PATH: $cli"
    emit "$dir"
  fi
  log "pulumi on PATH ($cli) has no pulumi-language-nodejs beside it or on PATH; not using it"
fi

# ---------------------------------------------------------------- 2a. npm downloader's finished download
npm_bin="${PULUMI_HOME:-$HOME/.pulumi}/versions/${PULUMI_VERSION}/bin"
if [[ "${DB_PREFLIGHT_PULUMI_BUILD:-}" != 1 ]] && is_exe "$npm_bin/pulumi" && is_exe "$npm_bin/pulumi-language-nodejs"; then
  log "using the pulumi npm package's download in $npm_bin"
  emit "$npm_bin"
fi

# ---------------------------------------------------------------- 3a. finished build in the cache
cache_root=${DB_PREFLIGHT_CACHE:-$HOME/.cache/db-preflight}
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd -P)
dir="$cache_root/pulumi-v${PULUMI_VERSION}"
bin="$dir/bin"
stamp="$dir/stamp"

# Generated sources. Changing any of them (or the flags) changes the stamp key and forces a rebuild.
IFS= read -r -d '' DYNAMIC_PROVIDER_SH <<'SH' || true
#!/bin/sh
# Resource provider plugin behind pulumi.dynamic.Resource (generated by db-preflight's
# scripts/ensure-pulumi.sh): runs @pulumi/pulumi's dynamic-provider entry point with node,
# resolved from the program directory, which is the plugin's working directory.
script=$(node -e 'console.log(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))') || exit 1
exec node "$script" "$@"
SH

IFS= read -r -d '' LANGHOST_GO <<'GO' || true
// Minimal Node.js language host for the Pulumi CLI, generated by db-preflight's
// scripts/ensure-pulumi.sh. It is built only when the module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 cannot be downloaded.
// It implements the LanguageRuntime RPCs that `pulumi up`, `pulumi preview`,
// `pulumi preview --policy-pack` and `pulumi install` use; the rest (codegen, pack, link,
// debugging, synchronous invokes) answer Unimplemented.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/shlex"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Exit code with which @pulumi/pulumi's run script says "the user already saw an actionable error".
const exitAfterUserMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	tracing       string
	cancelCtx     context.Context
	cancel        context.CancelFunc
}

func main() {
	tracing := flag.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	runtimeName := flag.String("runtime", "nodejs", "Runtime to use (only nodejs is supported)")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime: %s", *runtimeName))
	}
	logging.InitLogging(false, 0, false)

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	done := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(done)
	}()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	cctx, cancel := context.WithCancel(context.Background())
	h := &host{engineAddress: engineAddress, tracing: *tracing, cancelCtx: cctx, cancel: cancel}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: done,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The CLI reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

// options are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that matter here.
type options struct {
	typescript     bool
	tsconfig       string
	nodeargs       []string
	packagemanager npm.PackageManagerType
	production     bool
}

func parseOptions(m map[string]any) (options, error) {
	o := options{typescript: true, packagemanager: npm.AutoPackageManager}
	if v, ok := m["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	if v, ok := m["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("tsconfig option must be a string")
		}
		o.tsconfig = s
	}
	if v, ok := m["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("nodeargs option must be a string")
		}
		args, err := shlex.Split(s)
		if err != nil {
			return o, err
		}
		o.nodeargs = args
	}
	if v, ok := m["production"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("production option must be a boolean")
		}
		o.production = b
	}
	if v, ok := m["packagemanager"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("packagemanager option must be a string")
		}
		switch s {
		case "auto", "npm", "yarn", "pnpm", "bun":
			o.packagemanager = npm.PackageManagerType(s)
		default:
			return o, fmt.Errorf("packagemanager option must be one of auto, npm, yarn, pnpm or bun, got %q", s)
		}
	}
	return o, nil
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveModule asks node where a module (e.g. @pulumi/pulumi/cmd/run) resolves from dir.
func resolveModule(nodeBin, dir, mod, hint string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (e) {`+
		` if (e.code === "MODULE_NOT_FOUND") {`+
		` console.error("It looks like the Pulumi SDK has not been installed. Have you run %s?"); }`+
		` else { console.error(e.message); } process.exit(1); }`, mod, hint)
	cmd := exec.Command(nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	hctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	if err := rpcutil.Healthcheck(hctx, h.engineAddress, 5*time.Minute, stop); err != nil {
		return nil, fmt.Errorf("could not start health check host RPC server: %w", err)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancel()
	return &emptypb.Empty{}, nil
}

type packageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

func toParam(p *plugin.PulumiParameterizationJSON) *pulumirpc.PackageParameterization {
	if p == nil {
		return nil
	}
	return &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
}

// scanPackages walks dir (and every node_modules below it) for package.json files of packages that
// declare `"pulumi": {"resource": true}`, i.e. that need a resource provider plugin. Policy packs
// found on the way are skipped: their plugins are not the program's.
func scanPackages(dir string, inNodeModules bool, seen map[string]bool, out *[]*pulumirpc.PackageDependency) {
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil || seen[dir] {
		return
	}
	seen[dir] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p) // follows symlinks
		if err != nil {
			continue
		}
		if fi.IsDir() {
			if pp, _ := workspace.DetectPolicyPackPathAt(p); pp != "" {
				continue
			}
			scanPackages(p, inNodeModules || filepath.Base(dir) == "node_modules", seen, out)
			continue
		}
		if !inNodeModules || e.Name() != "package.json" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var info packageJSON
		if json.Unmarshal(b, &info) != nil || !info.Pulumi.Resource {
			continue
		}
		name := info.Pulumi.Name
		if name == "" {
			if !strings.HasPrefix(info.Name, "@pulumi/") {
				logging.V(3).Infof("skipping %s: third-party package without pulumi.name", p)
				continue
			}
			name = strings.TrimPrefix(info.Name, "@pulumi/")
		}
		ver := info.Pulumi.Version
		if ver == "" {
			ver = info.Version
		}
		if ver != "" && !strings.HasPrefix(ver, "v") {
			ver = "v" + ver
		}
		*out = append(*out, &pulumirpc.PackageDependency{
			Name: name, Kind: "resource", Version: ver, Server: info.Pulumi.Server,
			Parameterization: toParam(info.Pulumi.Parameterization),
			Extension:        toParam(info.Pulumi.ExtensionParameterization),
		})
	}
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	var pkgs []*pulumirpc.PackageDependency
	scanPackages(req.Info.ProgramDirectory, false, map[string]bool{}, &pkgs)
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.engineAddress == "" {
		return nil, errors.New("must call Handshake before Run")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	runPath, err = resolveModule(nodeBin, req.Info.ProgramDirectory, runPath, "pulumi install")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// Config keys go in the "<namespace>:config:<name>" form that every @pulumi/pulumi understands.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	// The SDK talks to the engine's resource monitor directly (no synchronous-invoke pipes).
	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetInfo().GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	args = append(args, req.GetInfo().GetEntryPoint())
	args = append(args, req.GetArgs()...)

	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	env = append(env, opts.env()...)

	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Node may switch its stdio to non-blocking mode; never hand it our own file descriptors.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	logging.V(5).Infof("launching %s %v", nodeBin, args)

	if err := cmd.Run(); err != nil {
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			switch code := ee.ExitCode(); code {
			case exitAfterUserMessage:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case 0:
				return &pulumirpc.RunResponse{Error: "Program exited unexpectedly: " + err.Error()}, nil
			default:
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
			}
		}
		return &pulumirpc.RunResponse{
			Error: "Problem executing program (could not run language executor): " + err.Error(),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a Node.js plugin. Policy packs (kind "analyzer") go through
// @pulumi/pulumi/cmd/run-policy-pack, as the released language host does, so no separate
// pulumi-analyzer-policy shim is needed.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return err
	}
	isPolicy := req.Kind == string(apitype.AnalyzerPlugin)
	dir := req.Info.ProgramDirectory

	runPath := "@pulumi/pulumi/cmd/run-policy-pack"
	if !isPolicy {
		if runPath = os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); runPath == "" {
			runPath = "@pulumi/pulumi/cmd/run-plugin"
		}
	}
	runPath, err = resolveModule(nodeBin, dir, runPath, "npm install in "+dir)
	if err != nil {
		return err
	}

	env := append(append([]string{}, req.Env...), opts.env()...)
	args := append([]string{runPath}, opts.nodeargs...)
	if isPolicy {
		// A policy pack takes the engine address first and its own directory last.
		args = append(append(args, req.Args...), dir)
	} else {
		args = append(append(args, dir), req.Args...)
	}

	var proxy *sdk.PolicyProxy
	if isPolicy {
		// Stand in front of the policy pack to learn the stack configuration first.
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if cfg != nil {
			set := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			set("PULUMI_NODEJS_ORGANIZATION", cfg.Organization)
			set("PULUMI_NODEJS_PROJECT", cfg.Project)
			set("PULUMI_NODEJS_STACK", cfg.Stack)
			set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.DryRun))
			if cfg.Config != nil {
				b, err := json.Marshal(cfg.Config)
				if err != nil {
					return err
				}
				set("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	if isPolicy {
		cmd.Dir = dir
	} else {
		cmd.Dir = req.Pwd
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("launching plugin %s %v in %s", nodeBin, args, cmd.Dir)

	if err := cmd.Start(); err != nil {
		return fmt.Errorf("Problem executing plugin program (could not run language executor): %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", ee.ExitCode())
		}
		return err
	}
	return closer.Close()
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return err
	}
	root := req.Info.ProgramDirectory
	if ws, err := npm.FindWorkspaceRoot(root); err == nil {
		fmt.Fprintf(stdout, "Detected workspace root at %s\n", ws)
		root = ws
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return fmt.Errorf("failure while trying to find workspace root: %w", err)
	}
	fmt.Fprintf(stdout, "Installing dependencies...\n\n")
	if _, err := npm.Install(server.Context(), opts.packagemanager, root, opts.production, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return nil, err
	}
	pm, err := npm.ResolvePackageManager(opts.packagemanager, req.Info.ProgramDirectory)
	if err != nil {
		return nil, err
	}
	pkgs, err := pm.ListPackages(ctx, req.Info.ProgramDirectory, req.TransitiveDependencies)
	if err != nil {
		return nil, fmt.Errorf("failed to get node dependencies: %w", err)
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(pkgs))
	for _, p := range pkgs {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find executable node: %w", err)
	}
	out, _ := exec.CommandContext(ctx, nodeBin, "--version").Output()
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimSpace(string(out)),
		Metadata:   map[string]string{"languageHost": "db-preflight minimal pulumi-language-nodejs"},
	}, nil
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}
GO

recipe_key=$(printf '%s\n' "v${PULUMI_VERSION}" "$LANGHOST_MODULE@$LANGHOST_PSEUDO" "$GO_TAGS" "$GO_LDFLAGS" \
  "$GO_DIRECTIVE" "$DYNAMIC_PROVIDER_SH" "$LANGHOST_GO" | sha256sum | cut -d' ' -f1)

built_ok() {
  [[ -f "$stamp" ]] && [[ "$(head -n1 "$stamp")" == "recipe=$recipe_key" ]] &&
    is_exe "$bin/pulumi" && is_exe "$bin/pulumi-language-nodejs" && is_exe "$bin/pulumi-resource-pulumi-nodejs"
}

if built_ok; then
  log "using cached build in $bin ($(sed -n 2p "$stamp"))"
  emit "$bin"
fi

# ---------------------------------------------------------------- 2b. npm downloader, once, quickly
if [[ "${DB_PREFLIGHT_PULUMI_BUILD:-}" != 1 ]] && command -v npx >/dev/null 2>&1; then
  log "trying the pulumi npm package (npx pulumi@${PULUMI_VERSION}, timeout ${NPX_TIMEOUT}s)"
  if (cd "$cache_root" && timeout --kill-after=5 "$NPX_TIMEOUT" \
        npx --yes "pulumi@${PULUMI_VERSION}" version </dev/null >&2) &&
     is_exe "$npm_bin/pulumi" && is_exe "$npm_bin/pulumi-language-nodejs"; then
    log "the pulumi npm package installed $npm_bin"
    emit "$npm_bin"
  fi
  log "the pulumi npm package could not provide the CLI here; building from Go modules"
fi

# ---------------------------------------------------------------- 3b. build from Go modules
command -v go >/dev/null 2>&1 || [[ -x /usr/local/go/bin/go ]] || die "go is needed to build pulumi"
command -v go >/dev/null 2>&1 || PATH="/usr/local/go/bin:$PATH"
command -v flock >/dev/null 2>&1 || die "flock (util-linux) is needed"

mkdir -p "$dir"
exec 9>"$dir.lock"
if ! flock -n 9; then
  log "another ensure-pulumi.sh is building in $dir; waiting for it"
  flock 9
fi
if built_ok; then
  log "built by a concurrent caller: $bin"
  emit "$bin"
fi

start=$SECONDS
src="$dir/src"
out="$dir/bin.new"
rm -rf "$src" "$out"
mkdir -p "$src" "$out"
export GOWORK=off CGO_ENABLED=0 GO111MODULE=on
# GOFLAGS (e.g. -buildvcs=false) is kept as the environment has it.

# Is the released language host module to be had? It has no tags, so only a pseudo-version names it.
langhost_from=generated
if (cd "$src" && printf 'module db-preflight.local/probe\n' >go.mod &&
    go list -m -json "$LANGHOST_MODULE@$LANGHOST_PSEUDO" >/dev/null 2>"$dir/langhost-probe.log"); then
  langhost_from="$LANGHOST_MODULE@$LANGHOST_PSEUDO"
  log "language host module is served: $langhost_from"
else
  log "language host module $LANGHOST_MODULE@$LANGHOST_PSEUDO is not served" \
      "($(grep -o '[0-9][0-9][0-9] [A-Za-z ]*' "$dir/langhost-probe.log" | head -n1 || true));" \
      "building db-preflight's minimal Node.js language host instead"
fi

{
  printf 'module db-preflight.local/pulumi-toolchain\n\ngo %s\n\nrequire (\n' "$GO_DIRECTIVE"
  printf '\tgithub.com/pulumi/pulumi/pkg/v3 v%s\n' "$PULUMI_VERSION"
  printf '\tgithub.com/pulumi/pulumi/sdk/v3 v%s\n' "$PULUMI_VERSION"
  [[ "$langhost_from" == generated ]] || printf '\t%s %s\n' "$LANGHOST_MODULE" "$LANGHOST_PSEUDO"
  printf ')\n'
} >"$src/go.mod"
{
  printf '//go:build tools\n\n// Pins the programs that ensure-pulumi.sh builds.\npackage tools\n\nimport (\n'
  printf '\t_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n'
  [[ "$langhost_from" == generated ]] || printf '\t_ "%s"\n' "$LANGHOST_MODULE"
  printf ')\n'
} >"$src/tools.go"
if [[ "$langhost_from" == generated ]]; then
  mkdir -p "$src/cmd/pulumi-language-nodejs"
  printf '%s\n' "$LANGHOST_GO" >"$src/cmd/pulumi-language-nodejs/main.go"
  langhost_pkg=./cmd/pulumi-language-nodejs
else
  langhost_pkg=$LANGHOST_MODULE
fi

log "resolving Go modules for pulumi v${PULUMI_VERSION} (go mod tidy)"
(cd "$src" && go mod tidy >&2) || die "go mod tidy failed in $src"
# Check that MVS kept the release versions (a dependency could pull them higher).
for m in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
  got=$(cd "$src" && go list -m -f '{{.Version}}' "$m")
  [[ "$got" == "v${PULUMI_VERSION}" ]] || die "$m resolved to $got, not v${PULUMI_VERSION}"
done

build() { # build <output name> <package>
  log "building $1 ($2)"
  (cd "$src" && go build -trimpath -tags "$GO_TAGS" -ldflags "$GO_LDFLAGS" -o "$out/$1" "$2" >&2) ||
    die "go build of $1 failed"
}
build pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
build pulumi-language-nodejs "$langhost_pkg"
printf '%s\n' "$DYNAMIC_PROVIDER_SH" >"$out/pulumi-resource-pulumi-nodejs"
chmod 0755 "$out/pulumi-resource-pulumi-nodejs"

cli_version=$("$out/pulumi" version 2>/dev/null) || die "the built pulumi does not run"
[[ "$cli_version" == "v${PULUMI_VERSION}" ]] || die "built pulumi reports $cli_version, not v${PULUMI_VERSION}"
"$out/pulumi-language-nodejs" -version >/dev/null || die "the built pulumi-language-nodejs does not run"

rm -rf "$bin"
mv "$out" "$bin"
printf 'recipe=%s\npulumi %s; language host: %s; %s; built %s in %ss\n' "$recipe_key" "$cli_version" \
  "$langhost_from" "$(go env GOVERSION)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$((SECONDS - start))" >"$stamp.new"
mv "$stamp.new" "$stamp"
log "built pulumi $cli_version into $bin in $((SECONDS - start))s ($(sed -n 2p "$stamp"))"
emit "$bin"
