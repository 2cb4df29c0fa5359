{{/*
One Ferry service's pods. Input: root, name (the service, services/<name>), values (its block of
values.yaml), volumes (list of {name, mountPath, storage?, shared?}: state directories), privileged,
sysctls. A volume is a PersistentVolumeClaim per replica (a volumeClaimTemplate), or with `shared`
true one claim `<name>-<volume>` that every replica mounts (state the replicas hand over to each
other, e.g. cloud-manager's TARGET_ROOT and STATE_DIR): ReadWriteMany, unless its storage values
give another `accessMode` (ReadWriteOnce holds for one replica only). With a per-replica volume the
service is a StatefulSet (each replica its own state), otherwise a Deployment. Every pod gets the
site CA (copied from its Secret into a writable folder, where the service issues its own
certificate), its NATS nkey seed, and its `secretFiles` from the operator's Secrets.
*/}}
{{- define "ferry.workload" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $storage := .values.storage | default dict -}}
{{- $perReplica := list -}}
{{- $shared := list -}}
{{- $singleWriter := false -}}
{{- range .volumes }}
{{- if .shared }}{{ $shared = append $shared . }}{{ else }}{{ $perReplica = append $perReplica . }}{{ end }}
{{- if and .shared (ne ((.storage | default $storage).accessMode | default "ReadWriteMany") "ReadWriteMany") }}{{ $singleWriter = true }}{{ end }}
{{- end -}}
{{- range $shared }}
{{- $claim := .storage | default $storage }}
# One volume for every replica of {{ $name }}.
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ $name }}-{{ .name }}
  labels:
    {{- include "ferry.labels" $ | nindent 4 }}
  annotations:
    # Kept at uninstall, as a StatefulSet's claims are: it holds the service's state.
    helm.sh/resource-policy: keep
spec:
  accessModes: [{{ $claim.accessMode | default "ReadWriteMany" }}]
  {{- with $claim.storageClassName }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ required (printf "%s: the size of the shared volume %s" $name .name) $claim.size }}
---
{{- end }}
apiVersion: apps/v1
kind: {{ if $perReplica }}StatefulSet{{ else }}Deployment{{ end }}
metadata:
  name: {{ .name }}
  labels:
    {{- include "ferry.labels" . | nindent 4 }}
spec:
  replicas: {{ .values.replicas }}
  {{- if $perReplica }}
  serviceName: {{ .name }}
  podManagementPolicy: Parallel
  {{- else if $singleWriter }}
  # A claim one node at a time: the old pod lets go of it before the new one starts.
  strategy: { type: Recreate }
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
          command: ["node", {{- range .values.nodeFlags }} {{ . | quote }},{{- end }} "services/{{ .name }}/dist/src/main.js"]
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
        {{- range $shared }}
        - name: {{ .name }}
          persistentVolumeClaim: { claimName: {{ $name }}-{{ .name }} }
        {{- end }}
        {{- range $variable, $file := .values.secretFiles }}
        - name: {{ $variable | lower | replace "_" "-" }}
          secret:
            secretName: {{ required (printf "%s.secretFiles.%s.secret: name the Secret holding the file" $.name $variable) $file.secret }}
            defaultMode: 0440
            items:
              - { key: {{ required (printf "%s.secretFiles.%s.key: name the key of Secret %s" $.name $variable $file.secret) $file.key }}, path: {{ $file.key }} }
        {{- end }}
  {{- if $perReplica }}
  volumeClaimTemplates:
    {{- range $perReplica }}
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
