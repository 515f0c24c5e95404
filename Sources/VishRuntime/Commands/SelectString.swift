import Foundation

/// Select-String: lines of piped text or of files that match a pattern, as MatchInfo
/// objects (shown as the line, or `path:number:line` for a file), pwsh 7's -Quiet
/// (True, or nothing), -Raw (the lines), -NotMatch, -SimpleMatch, -AllMatches and -List.
final class SelectString: NativeCommand {
    static let info = CmdletInfo("Select-String", [
        ParameterInfo(name: "Pattern", type: .stringArray, position: 0, mandatory: true),
        ParameterInfo(name: "Path", type: .stringArray, position: 1),
        ParameterInfo(name: "LiteralPath", type: .stringArray, aliases: ["PSPath", "LP"]),
        ParameterInfo(name: "InputObject", fromPipeline: true).allowingNull(),
        ParameterInfo(name: "SimpleMatch", isSwitch: true),
        ParameterInfo(name: "CaseSensitive", isSwitch: true),
        ParameterInfo(name: "Quiet", isSwitch: true),
        ParameterInfo(name: "NotMatch", isSwitch: true),
        ParameterInfo(name: "AllMatches", isSwitch: true),
        ParameterInfo(name: "List", isSwitch: true),
        ParameterInfo(name: "Raw", isSwitch: true),
        ParameterInfo(name: "NoEmphasis", isSwitch: true),
        ParameterInfo(name: "Encoding", type: .string),
    ], type: "Microsoft.PowerShell.Commands.SelectStringCommand", make: { SelectString($0, $1) })

    private var patterns: [String] = []
    private var regexes: [NSRegularExpression] = []
    private var inputLine: UInt64 = 0
    private var found = false

    override func beginProcessing() throws {
        patterns = strings("Pattern") ?? []
        if !switchOn("SimpleMatch") {
            regexes = try patterns.map { try Matching.regex($0, caseSensitive: switchOn("CaseSensitive"), call.position) }
        }
        for path in (strings("Path") ?? []) + (strings("LiteralPath") ?? []) { try search(path: path) }
    }

    override func processRecord(_ input: Value?) throws {
        if isBound("Path") || isBound("LiteralPath") { return }
        guard let v = param("InputObject")?.normalized, !v.isNull else { return }
        inputLine += 1
        if found && switchOn("Quiet") { return }
        try test(Convert.toString(v, ConversionContext()), number: inputLine, path: nil)
    }

    override func endProcessing() throws {
        if switchOn("Quiet") && found { try writeObject(.true) }
    }

    private func search(path: String) throws {
        let files = FileCommands.expand(path, context).filter { FileManager.default.fileExists(atPath: $0) }
        if files.isEmpty {
            try writeError(error("Cannot find path '\(FileSystem.resolve(path, context))' because it does not exist.",
                                 id: "PathNotFound", category: .objectNotFound, target: .string(path),
                                 exception: "System.Management.Automation.ItemNotFoundException"))
            return
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            for (i, line) in GetContent.lines(SourceDecoding.decode([UInt8](data))).enumerated() {
                if found && switchOn("Quiet") { return }
                if try test(line, number: UInt64(i + 1), path: file) && switchOn("List") { break }
            }
        }
    }

    /// Whether `line` was a hit (and written out).
    @discardableResult
    private func test(_ line: String, number: UInt64, path: String?) throws -> Bool {
        var hitPattern: String? = nil
        var matches: [Value] = []
        let ns = line as NSString
        for (i, p) in patterns.enumerated() {
            if regexes.isEmpty {
                let options: String.CompareOptions = switchOn("CaseSensitive") ? [] : [.caseInsensitive]
                if line.range(of: p, options: options) != nil { hitPattern = p; break }
            } else {
                let r = regexes[i]
                let range = NSRange(location: 0, length: ns.length)
                if switchOn("AllMatches") {
                    let all = r.matches(in: line, options: [], range: range)
                    if !all.isEmpty { hitPattern = p; matches = all.map { .object(MatchObject($0, ns, r)) }; break }
                } else if let m = r.firstMatch(in: line, options: [], range: range) {
                    hitPattern = p
                    matches = [.object(MatchObject(m, ns, r))]
                    break
                }
            }
        }
        let hit = (hitPattern != nil) != switchOn("NotMatch")
        guard hit else { return false }
        found = true
        if switchOn("Quiet") { return true }
        if switchOn("Raw") {
            try writeObject(.string(line))
            return true
        }
        let info = MatchInfo(line: line, lineNumber: number, path: path, pattern: hitPattern ?? patterns.first ?? "",
                             ignoreCase: !switchOn("CaseSensitive"), matches: switchOn("NotMatch") ? [] : matches)
        info.directory = context.currentDirectory
        try writeObject(.object(info))
        return true
    }
}

/// Microsoft.PowerShell.Commands.MatchInfo.
final class MatchInfo: PSObjectBase {
    let line: String
    let lineNumber: UInt64
    let path: String?
    let pattern: String
    let ignoreCase: Bool
    let matches: [Value]
    /// Where paths are shown relative to (the location when it was made).
    var directory = ""

    init(line: String, lineNumber: UInt64, path: String?, pattern: String, ignoreCase: Bool, matches: [Value]) {
        self.line = line
        self.lineNumber = lineNumber
        self.path = path
        self.pattern = pattern
        self.ignoreCase = ignoreCase
        self.matches = matches
    }

    override var typeName: String { "Microsoft.PowerShell.Commands.MatchInfo" }
    override var propertyNames: [String] { ["IgnoreCase", "LineNumber", "Line", "Filename", "Path", "Pattern", "Context", "Matches"] }

    override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "line": return .string(line)
        case "linenumber": return .object(PSScalarBox(.uint64(lineNumber)))
        case "path": return .string(path ?? "InputStream")
        case "filename": return .string(path.map { ($0 as NSString).lastPathComponent } ?? "InputStream")
        case "pattern": return .string(pattern)
        case "ignorecase": return .bool(ignoreCase)
        case "context": return .null
        case "matches": return .object(PSArray(matches))
        default: return nil
        }
    }

    /// `ToString()`: the line, or `path:number:line` for a file's line.
    override func toString(_ context: ConversionContext) -> String { display(relativeTo: nil) }

    /// The default view's text: the path relative to `directory` (MatchInfo.RelativePath).
    func display(relativeTo directory: String?) -> String {
        guard var shown = path else { return line }
        if let directory, !directory.isEmpty, shown.lowercased().hasPrefix(directory.lowercased()) {
            let rest = shown.dropFirst(directory.count)
            if directory.hasSuffix("/") { shown = String(rest) } else if rest.hasPrefix("/") { shown = String(rest.dropFirst()) }
        }
        return "\(shown):\(lineNumber):\(line)"
    }
}
