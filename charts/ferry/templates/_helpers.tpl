{{/* Where every Ferry pod keeps what the chart hands it. */}}
{{- define "ferry.caDir" -}}/var/lib/ferry/site-ca{{- end -}}
{{- define "ferry.natsCredentialsDir" -}}/var/run/ferry/nats{{- end -}}
{{- define "ferry.secretFilesDir" -}}/var/run/ferry/files{{- end -}}

{{- define "ferry.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "ferry.labels" -}}
{{ include "ferry.selectorLabels" . }}
app.kubernetes.io/part-of: ferry
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}

{{/* The NATS client URL: TLS to the nats-server Service, whose certificate names "nats-server". */}}
{{- define "ferry.natsUrl" -}}
tls://nats-server:{{ .Values.nats.ports.client }}
{{- end -}}

{{/* Settings every service reads (packages/service-kit serviceBase): NATS (R3 streams on a cluster of 3 or more) and its ops port. */}}
{{- define "ferry.baseSettings" -}}
NATS_URL: {{ include "ferry.natsUrl" .root | quote }}
NATS_CREDENTIALS_FILE: {{ printf "%s/%s.nk" (include "ferry.natsCredentialsDir" .root) .name | quote }}
NATS_CA_FILE: {{ printf "%s/ca.crt" (include "ferry.caDir" .root) | quote }}
NATS_STREAM_REPLICAS: {{ ternary "3" "1" (ge (int .root.Values.nats.replicas) 3) | quote }}
OPS_PORT: {{ .values.ports.ops | quote }}
{{- end -}}

{{/*
A service's ConfigMap (settings) and Secret (passwords), named after it. Input: root, name,
values (its block of values.yaml), settings and secrets (dicts of variable -> value). The
service's `env` and `secretEnv` values override and add to them; each of its `secretFiles`
(variable -> {secret, key}) sets the variable to where the workload mounts that key.
*/}}
{{- define "ferry.serviceConfig" -}}
{{- $files := dict -}}
{{- range $variable, $file := .values.secretFiles | default dict }}
{{- $_ := set $files $variable (printf "%s/%s/%s" (include "ferry.secretFilesDir" $) ($variable | lower | replace "_" "-") $file.key) }}
{{- end -}}
{{- $settings := merge (deepCopy (.values.env | default dict)) $files (fromYaml (include "ferry.baseSettings" .)) .settings -}}
{{- $secrets := merge (deepCopy (.values.secretEnv | default dict)) .secrets -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .name }}
  labels:
    {{- include "ferry.labels" . | nindent 4 }}
data:
  {{- range $key, $value := $settings }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ .name }}
  labels:
    {{- include "ferry.labels" . | nindent 4 }}
type: Opaque
stringData:
  {{- range $key, $value := $secrets }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end -}}

{{/* A Service for every port of a service (values.ports: name -> number). */}}
{{- define "ferry.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  labels:
    {{- include "ferry.labels" . | nindent 4 }}
spec:
  type: {{ .values.serviceType | default "ClusterIP" }}
  selector:
    {{- include "ferry.selectorLabels" . | nindent 4 }}
  ports:
    {{- range $portName, $port := .values.ports }}
    - name: {{ $portName | kebabcase }}
      port: {{ $port }}
      targetPort: {{ $port }}
      protocol: TCP
    {{- end }}
{{- end -}}
