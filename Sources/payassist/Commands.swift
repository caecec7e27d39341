/// Every subcommand of `payassist`, in the order `--help` lists them.
/// Each lives in its own file named after it; add a new one here.
let allSubcommands: [any Subcommand.Type] = [
    ServeCommand.self,
    BenchHTTPCommand.self,
    GatewayCommand.self,
    BenchGatewayCommand.self,
    ParseCommand.self,
    IntentsExportCommand.self,
    IntentsEvalCommand.self,
    BenchIntentsCommand.self,
    RemindersSimulateCommand.self,
    BenchRemindersCommand.self,
    BenchAssistCommand.self,
]
