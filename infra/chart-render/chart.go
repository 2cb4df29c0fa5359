package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	yaml "gopkg.in/yaml.v3"
)

// chartMeta is Chart.yaml as templates see it (.Chart.Name, .Chart.AppVersion, ...).
type chartMeta struct {
	APIVersion   string        `yaml:"apiVersion"`
	Name         string        `yaml:"name"`
	Version      string        `yaml:"version"`
	AppVersion   string        `yaml:"appVersion"`
	Description  string        `yaml:"description"`
	Type         string        `yaml:"type"`
	KubeVersion  string        `yaml:"kubeVersion"`
	Dependencies []interface{} `yaml:"dependencies"`
}

// apiVersions is .Capabilities.APIVersions; Has answers like Helm's.
type apiVersions []string

func (a apiVersions) Has(version string) bool {
	for _, v := range a {
		if v == version {
			return true
		}
	}
	return false
}

// builtInAPIVersions are the groups every supported cluster serves (as helm template assumes without a cluster).
var builtInAPIVersions = []string{"v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "autoscaling/v2"}

func loadChart(dir string) (chartMeta, error) {
	var meta chartMeta
	data, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return meta, fmt.Errorf("%s is not a chart: %v", dir, err)
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		return meta, fmt.Errorf("%s/Chart.yaml is not valid YAML: %v", dir, err)
	}
	if meta.Name == "" || meta.Version == "" {
		return meta, fmt.Errorf("%s/Chart.yaml needs name and version", dir)
	}
	if len(meta.Dependencies) > 0 {
		return meta, fmt.Errorf("%s/Chart.yaml lists dependencies: chart-render does not render subcharts; use helm for such a chart", dir)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "charts")); len(entries) > 0 {
		return meta, fmt.Errorf("%s/charts holds subcharts: chart-render does not render them; use helm for such a chart", dir)
	}
	return meta, nil
}

// templateFiles returns the chart's templates by their Helm name (<chart>/templates/<path>).
func templateFiles(dir, chartName string) (map[string]string, error) {
	files := map[string]string{}
	root := filepath.Join(dir, "templates")
	err := filepath.WalkDir(root, func(path string, entry os.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[chartName+"/templates/"+filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return files, err
}

// isPartial: files starting with _ hold only definitions; NOTES.txt is shown after install, not rendered.
func isPartial(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, "_") || base == "NOTES.txt"
}

func renderChart(opts options) (string, error) {
	meta, err := loadChart(opts.chartDir)
	if err != nil {
		return "", err
	}
	values, err := loadValues(opts)
	if err != nil {
		return "", err
	}
	files, err := templateFiles(opts.chartDir, meta.Name)
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)

	root := template.New("chart").Option("missingkey=zero")
	root.Funcs(funcMap(root))
	for _, name := range names {
		if _, err := root.New(name).Parse(files[name]); err != nil {
			return "", fmt.Errorf("parse error: %v", err)
		}
	}
	top := map[string]interface{}{
		"Values":  values,
		"Chart":   meta,
		"Release": map[string]interface{}{"Name": opts.release, "Namespace": opts.namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": map[string]interface{}{
			"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30", "GitVersion": "v1.30.0"},
			"APIVersions": apiVersions(append(append([]string{}, builtInAPIVersions...), opts.apiVersions...)),
		},
	}
	var out strings.Builder
	for _, name := range names {
		if isPartial(name) {
			continue
		}
		top["Template"] = map[string]interface{}{"Name": name, "BasePath": meta.Name + "/templates"}
		var rendered strings.Builder
		if err := root.ExecuteTemplate(&rendered, name, top); err != nil {
			return "", fmt.Errorf("execution error: %v", err)
		}
		text := strings.ReplaceAll(rendered.String(), "<no value>", "")
		for _, doc := range splitDocuments(text) {
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, doc)
		}
	}
	return out.String(), nil
}

// splitDocuments splits a rendered file at "---" lines, dropping documents that are only whitespace.
func splitDocuments(text string) []string {
	var docs []string
	var current []string
	flush := func() {
		doc := strings.TrimSpace(strings.Join(current, "\n"))
		if doc != "" {
			docs = append(docs, strings.TrimRight(strings.Join(current, "\n"), " \n\t"))
		}
		current = nil
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimRight(line, " \t") == "---" {
			flush()
			continue
		}
		current = append(current, line)
	}
	flush()
	for i, doc := range docs {
		docs[i] = strings.TrimLeft(doc, "\n")
	}
	return docs
}
