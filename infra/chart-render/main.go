// Command chart-render renders a Helm chart directory the way `helm template RELEASE CHART` does,
// for the features Ferry's chart uses: values.yaml merged with --values files and --set /
// --set-string overrides, .Values .Release .Chart .Capabilities .Template, partials (_*.tpl)
// with define/include/tpl, sprig's functions plus Helm's required, toYaml, fromYaml and lookup
// (empty, as helm template without a cluster). Helm is not in our registries; this is built
// from Debian's Go packages (golang-go, golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev).
//
// Usage: chart-render [--namespace NS] [--values FILE]... [--set K=V,...]... [--set-string K=V,...]... RELEASE CHART_DIR
// Prints the manifests on stdout, each document preceded by "# Source: <chart>/templates/<file>".
// Exit 1: the chart does not render (the message names the template and line); exit 2: bad arguments.
package main

import (
	"fmt"
	"os"
	"strings"
)

type options struct {
	release     string
	chartDir    string
	namespace   string
	valueFiles  []string
	sets        []string
	stringSets  []string
	apiVersions []string
}

const usage = "usage: chart-render [--namespace NS] [--values FILE]... [--set K=V,...]... [--set-string K=V,...]... [--api-versions GROUP/VERSION]... RELEASE CHART_DIR"

func parseArgs(args []string) (options, error) {
	opts := options{namespace: "default"}
	var positional []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "-") {
			positional = append(positional, arg)
			continue
		}
		name, value, hasValue := strings.Cut(arg, "=")
		if !hasValue {
			if i+1 >= len(args) {
				return opts, fmt.Errorf("%s needs a value", name)
			}
			i++
			value = args[i]
		}
		switch name {
		case "-n", "--namespace":
			opts.namespace = value
		case "-f", "--values":
			opts.valueFiles = append(opts.valueFiles, value)
		case "--set":
			opts.sets = append(opts.sets, value)
		case "--set-string":
			opts.stringSets = append(opts.stringSets, value)
		case "-a", "--api-versions":
			opts.apiVersions = append(opts.apiVersions, value)
		default:
			return opts, fmt.Errorf("unknown flag %s", name)
		}
	}
	if len(positional) != 2 {
		return opts, fmt.Errorf("expected RELEASE and CHART_DIR, got %d arguments", len(positional))
	}
	opts.release, opts.chartDir = positional[0], positional[1]
	return opts, nil
}

func main() {
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "chart-render: %v\n%s\n", err, usage)
		os.Exit(2)
	}
	out, err := renderChart(opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "chart-render: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(out)
}
