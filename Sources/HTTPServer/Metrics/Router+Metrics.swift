extension Router {
    /// Adds `GET /metrics` answering `metrics` in the Prometheus text format.
    public func addMetricsRoute(_ metrics: HTTPMetrics, path: String = "/metrics") {
        get(path) { _ in
            HTTPResponse.text(metrics.renderPrometheus(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
