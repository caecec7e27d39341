/// Every subcommand of `payassist`, in the order `--help` lists them: ways to run it first,
/// tools next, benchmarks last. Each lives in its own file named after it; add a new one here.
let allSubcommands: [any Subcommand.Type] = [
    ServeCommand.self,
    GatewayCommand.self,
    ParseCommand.self,
    IntentsExportCommand.self,
    IntentsEvalCommand.self,
    IntentsBuildModelCommand.self,
    RemindersSimulateCommand.self,
    BenchHTTPCommand.self,
    BenchIntentsCommand.self,
    BenchGatewayCommand.self,
    BenchAssistCommand.self,
    BenchRemindersCommand.self,
]
