{{- define "switchyard.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "switchyard.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "switchyard.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image of one component: {{ include "switchyard.image" (dict "root" $ "name" .Values.image.web) }} */}}
{{- define "switchyard.image" -}}
{{- $repo := .name -}}
{{- with .root.Values.image.registry }}{{ $repo = printf "%s/%s" . $repo }}{{ end -}}
{{- printf "%s:%s" $repo (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "switchyard.secretName" -}}
{{- .Values.secret.existingSecret | default (printf "%s-env" (include "switchyard.fullname" .)) -}}
{{- end -}}

{{/* What every container shares: its pull policy and security context. */}}
{{- define "switchyard.containerBase" -}}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
{{- end -}}

{{/* An app's container: the above, with the settings from the ConfigMap and the Secret. */}}
{{- define "switchyard.container" -}}
{{ include "switchyard.containerBase" . }}
envFrom:
  - configMapRef:
      name: {{ include "switchyard.fullname" . }}-config
  - secretRef:
      name: {{ include "switchyard.secretName" . }}
{{- end -}}

{{/*
The migration runs as a pre-install hook, before the release's own resources exist, so what it reads
is a hook of its own: a Secret holding only DATABASE_URL (or the existing Secret, which is there already).
*/}}
{{- define "switchyard.migrateSecretName" -}}
{{- .Values.secret.existingSecret | default (printf "%s-migrate-env" (include "switchyard.fullname" .)) -}}
{{- end -}}

{{- define "switchyard.pod" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pods read settings through envFrom, which a changed ConfigMap or Secret does not roll: this checksum on them does. */}}
{{- define "switchyard.settingsChecksum" -}}
{{- list (include (print .Template.BasePath "/configmap.yaml") .) (include (print .Template.BasePath "/secret.yaml") .) | toJson | sha256sum -}}
{{- end -}}
