package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// readYamlMap reads a values file; an empty file is an empty map.
func readYamlMap(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, fmt.Errorf("%s is not valid YAML: %v", path, err)
	}
	return values, nil
}

// mergeValues merges override into base as Helm coalesces values: maps deeply, anything else
// replaced, and a null in the override removes the key.
func mergeValues(base, override map[string]interface{}) map[string]interface{} {
	for key, value := range override {
		if value == nil {
			delete(base, key)
			continue
		}
		overrideMap, isMap := value.(map[string]interface{})
		baseMap, baseIsMap := base[key].(map[string]interface{})
		if isMap && baseIsMap {
			base[key] = mergeValues(baseMap, overrideMap)
		} else {
			base[key] = value
		}
	}
	return base
}

// splitUnescaped splits s at sep outside {...} lists, honouring backslash escapes.
func splitUnescaped(s string, sep rune) []string {
	var parts []string
	var current strings.Builder
	depth, escaped := 0, false
	for _, r := range s {
		switch {
		case escaped:
			current.WriteRune('\\')
			current.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '{':
			depth++
			current.WriteRune(r)
		case r == '}':
			depth--
			current.WriteRune(r)
		case r == sep && depth == 0:
			parts = append(parts, current.String())
			current.Reset()
		default:
			current.WriteRune(r)
		}
	}
	return append(parts, current.String())
}

func unescape(s string) string {
	var out strings.Builder
	escaped := false
	for _, r := range s {
		if !escaped && r == '\\' {
			escaped = true
			continue
		}
		escaped = false
		out.WriteRune(r)
	}
	return out.String()
}

// typedValue turns a --set value into what Helm makes of it: null, bool, int64, {a,b} list, else a string.
func typedValue(raw string, asString bool) interface{} {
	if asString {
		return unescape(raw)
	}
	if strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}") {
		list := []interface{}{}
		inner := raw[1 : len(raw)-1]
		if inner == "" {
			return list
		}
		for _, item := range splitUnescaped(inner, ',') {
			list = append(list, typedValue(item, false))
		}
		return list
	}
	switch raw {
	case "null":
		return nil
	case "true":
		return true
	case "false":
		return false
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil && (raw == "0" || !strings.HasPrefix(raw, "0")) {
		return n
	}
	return unescape(raw)
}

// parseSet turns "a.b=1,c=x" into a nested values map.
func parseSet(expr string, asString bool) (map[string]interface{}, error) {
	result := map[string]interface{}{}
	for _, assignment := range splitUnescaped(expr, ',') {
		if assignment == "" {
			continue
		}
		pair := splitUnescaped(assignment, '=')
		if len(pair) < 2 || pair[0] == "" {
			return nil, fmt.Errorf("--set %q: expected KEY=VALUE (for example nats.replicas=3)", assignment)
		}
		path := splitUnescaped(pair[0], '.')
		value := typedValue(strings.Join(pair[1:], "="), asString)
		node := result
		for i, segment := range path {
			key := unescape(segment)
			if i == len(path)-1 {
				node[key] = value
				break
			}
			child, ok := node[key].(map[string]interface{})
			if !ok {
				child = map[string]interface{}{}
				node[key] = child
			}
			node = child
		}
	}
	return result, nil
}

// loadValues is values.yaml, then each --values file, then --set, then --set-string, later winning.
func loadValues(opts options) (map[string]interface{}, error) {
	values := map[string]interface{}{}
	defaults := opts.chartDir + "/values.yaml"
	if _, err := os.Stat(defaults); err == nil {
		loaded, err := readYamlMap(defaults)
		if err != nil {
			return nil, err
		}
		values = loaded
	}
	for _, file := range opts.valueFiles {
		loaded, err := readYamlMap(file)
		if err != nil {
			return nil, err
		}
		values = mergeValues(values, loaded)
	}
	for _, expr := range opts.sets {
		set, err := parseSet(expr, false)
		if err != nil {
			return nil, err
		}
		values = mergeValues(values, set)
	}
	for _, expr := range opts.stringSets {
		set, err := parseSet(expr, true)
		if err != nil {
			return nil, err
		}
		values = mergeValues(values, set)
	}
	return values, nil
}
