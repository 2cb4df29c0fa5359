{{/*
One Ferry service's pods. Input: root, name (the service, services/<name>), values (its block of
values.yaml), volumes (list of {name, mountPath}: state directories, each a PersistentVolumeClaim
per replica), privileged, sysctls. With volumes it is a StatefulSet (each replica its own state),
without a Deployment. Every pod gets the site CA (copied from its Secret into a writable folder,
where the service issues its own certificate), its NATS nkey seed, and its `secretFiles` from the
operator's Secrets.
*/}}
{{- define "ferry.workload" -}}
{{- $root := .root -}}
{{- $storage := .values.storage | default dict -}}
apiVersion: apps/v1
kind: {{ if .volumes }}StatefulSet{{ else }}Deployment{{ end }}
metadata:
  name: {{ .name }}
  labels:
    {{- include "ferry.labels" . | nindent 4 }}
spec:
  replicas: {{ .values.replicas }}
  {{- if .volumes }}
  serviceName: {{ .name }}
  podManagementPolicy: Parallel
  {{- end }}
  selector:
    matchLabels:
      {{- include "ferry.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ferry.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include "ferry.serviceConfig" . | sha256sum }}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
        {{- with .sysctls }}
        sysctls:
          {{- toYaml . | nindent 10 }}
        {{- end }}
      initContainers:
        - name: site-ca
          image: {{ include "ferry.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["sh", "-c", "cp /etc/ferry/site-ca-secret/ca.crt /etc/ferry/site-ca-secret/ca.key /etc/ferry/site-ca-secret/site.key {{ include "ferry.caDir" $root }}/ && chmod 600 {{ include "ferry.caDir" $root }}/ca.key {{ include "ferry.caDir" $root }}/site.key"]
          volumeMounts:
            - { name: site-ca-secret, mountPath: /etc/ferry/site-ca-secret, readOnly: true }
            - { name: site-ca, mountPath: {{ include "ferry.caDir" $root }} }
      containers:
        - name: {{ .name }}
          image: {{ include "ferry.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["node", "services/{{ .name }}/dist/src/main.js"]
          envFrom:
            - configMapRef: { name: {{ .name }} }
            - secretRef: { name: {{ .name }} }
          ports:
            {{- range $portName, $port := .values.ports }}
            - { name: {{ $portName | kebabcase }}, containerPort: {{ $port }}, protocol: TCP }
            {{- end }}
          readinessProbe:
            grpc: { port: {{ .values.ports.ops }} }
            periodSeconds: 10
          livenessProbe:
            grpc: { port: {{ .values.ports.ops }} }
            initialDelaySeconds: 20
            periodSeconds: 20
          {{- if .privileged }}
          securityContext:
            privileged: true
            runAsUser: 0
          {{- end }}
          {{- with .values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - { name: site-ca, mountPath: {{ include "ferry.caDir" $root }} }
            - { name: nats-credentials, mountPath: {{ include "ferry.natsCredentialsDir" $root }}, readOnly: true }
            {{- range .volumes }}
            - { name: {{ .name }}, mountPath: {{ .mountPath }} }
            {{- end }}
            {{- range $variable, $file := .values.secretFiles }}
            - { name: {{ $variable | lower | replace "_" "-" }}, mountPath: {{ include "ferry.secretFilesDir" $root }}/{{ $variable | lower | replace "_" "-" }}, readOnly: true }
            {{- end }}
      volumes:
        - name: site-ca
          emptyDir: {}
        - name: site-ca-secret
          secret: { secretName: {{ $root.Values.siteCa.secretName }}, defaultMode: 0440 }
        - name: nats-credentials
          secret:
            secretName: {{ $root.Values.nats.credentialsSecret }}
            defaultMode: 0440
            items:
              - { key: {{ .name }}.nk, path: {{ .name }}.nk }
        {{- range $variable, $file := .values.secretFiles }}
        - name: {{ $variable | lower | replace "_" "-" }}
          secret:
            secretName: {{ required (printf "%s.secretFiles.%s.secret: name the Secret holding the file" $.name $variable) $file.secret }}
            defaultMode: 0440
            items:
              - { key: {{ required (printf "%s.secretFiles.%s.key: name the key of Secret %s" $.name $variable $file.secret) $file.key }}, path: {{ $file.key }} }
        {{- end }}
  {{- if .volumes }}
  volumeClaimTemplates:
    {{- range .volumes }}
    {{- $claim := .storage | default $storage }}
    - metadata:
        name: {{ .name }}
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- with $claim.storageClassName }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $claim.size }}
    {{- end }}
  {{- end }}
{{- end -}}
