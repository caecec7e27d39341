import Testing
@testable import HTTPServer

@Suite("HTTP metrics")
struct HTTPMetricsTests {
    @Test func requestsAreCountedByRouteMethodAndStatus() {
        let metrics = HTTPMetrics()
        metrics.recordRequest(route: "/v1/customers/:id", method: "GET", status: 200, seconds: 0.002)
        metrics.recordRequest(route: "/v1/customers/:id", method: "GET", status: 200, seconds: 0.003)
        metrics.recordRequest(route: "unmatched", method: "GET", status: 404, seconds: 0.0001)
        #expect(metrics.requestCount(route: "/v1/customers/:id", status: 200) == 2)
        let text = metrics.renderPrometheus()
        #expect(text.contains("http_requests_total{route=\"/v1/customers/:id\",method=\"GET\",status=\"200\"} 2\n"))
        #expect(text.contains("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram\n"))
    }

    @Test func histogramBucketsAreCumulative() {
        let metrics = HTTPMetrics()
        metrics.recordRequest(route: "/r", method: "GET", status: 200, seconds: 0.0005)
        metrics.recordRequest(route: "/r", method: "GET", status: 200, seconds: 0.004)
        metrics.recordRequest(route: "/r", method: "GET", status: 200, seconds: 20)
        let text = metrics.renderPrometheus()
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"/r\",le=\"0.001\"} 1\n"))
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"} 2\n"))
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"/r\",le=\"10\"} 2\n"))
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("http_request_duration_seconds_count{route=\"/r\"} 3\n"))
    }

    @Test func openConnectionsGaugeGoesUpAndDown() {
        let metrics = HTTPMetrics()
        metrics.connectionOpened()
        metrics.connectionOpened()
        metrics.connectionClosed()
        #expect(metrics.openConnections == 1)
        #expect(metrics.renderPrometheus().contains("http_open_connections 1\n"))
    }

    @Test func labelValuesAreEscaped() {
        let metrics = HTTPMetrics()
        metrics.recordRequest(route: "/a\"b\\c", method: "GET", status: 200, seconds: 0)
        #expect(metrics.renderPrometheus().contains("route=\"/a\\\"b\\\\c\""))
    }

    @Test func routerServesMetricsInTheTextFormat() async {
        let metrics = HTTPMetrics()
        metrics.recordRequest(route: "/x", method: "GET", status: 200, seconds: 0.01)
        let router = Router()
        router.addMetricsRoute(metrics)
        let response = await router.respond(to: HTTPRequest(method: .get, target: "/metrics"))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(String(decoding: response.body, as: UTF8.self).contains("http_requests_total{route=\"/x\""))
        #expect(response.routePattern == "/metrics")
    }
}
