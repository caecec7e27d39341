import HTTPServer
import Storage

/// JSON shape of `GET /healthz`.
struct HealthBody: Encodable {
    let status: String
    let version: String
    let database: String
}

extension Router {
    /// Adds `GET /healthz` (no key): 200 with the version and database status, 503 when the
    /// database does not answer.
    public func registerHealthRoute(context: APIContext, database: Database) {
        get("/healthz") { _ in
            let healthy = database.isHealthy()
            return .json(HealthBody(status: healthy ? "ok" : "degraded", version: context.version, database: healthy ? "ok" : "unavailable"),
                         status: healthy ? 200 : 503)
        }
    }
}
