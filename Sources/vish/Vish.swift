import ArgumentParser
import VishSyntax

/// `vish FILE.ps1 [args…]`, `vish -c COMMAND`, `vish parse …`: one entry point whose
/// default subcommand runs a script.
@main
struct Vish: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "vish",
        abstract: "Run PowerCLI-style PowerShell scripts against a simulated vCenter.",
        discussion: """
            With no arguments on a terminal, vish starts an interactive shell.
            Examples:
              vish deploy.ps1            run a script against the default lab
              vish -c 'Get-Date'         run a command string
              vish parse --ast x.ps1     check a script's syntax and print its tree
            """,
        version: "vish \(version)",
        subcommands: [Run.self, Parse.self, TestRun.self, Disk.self],
        defaultSubcommand: Run.self
    )
}

/// Exit statuses: 0 success, 1 script or syntax error, 2 usage error.
enum ExitStatus {
    static let failure: Int32 = 1
}
