import Foundation

/// ConvertTo-Csv, ConvertFrom-Csv, Export-Csv and Import-Csv (pwsh 7: no type line
/// unless asked, every field quoted by default).
enum CsvCommands {
    static let toParams: [ParameterInfo] = [
        ParameterInfo(name: "InputObject", position: 0, mandatory: true, fromPipeline: true),
        ParameterInfo(name: "Delimiter", type: .char, position: 1).notNull(),  // [ValidateNotNull] in pwsh's Csv commands
        ParameterInfo(name: "UseCulture", isSwitch: true),
        ParameterInfo(name: "IncludeTypeInformation", aliases: ["ITI"], isSwitch: true),
        ParameterInfo(name: "NoTypeInformation", aliases: ["NTI"], isSwitch: true),
        ParameterInfo(name: "QuoteFields", type: .stringArray, aliases: ["QF"]),
        ParameterInfo(name: "UseQuotes", type: .string, aliases: ["UQ"]),
        ParameterInfo(name: "NoHeader", isSwitch: true),
    ]

    static let all: [CmdletInfo] = [
        CmdletInfo("ConvertTo-Csv", toParams, make: { ConvertToCsv($0, $1, path: false) }),
        CmdletInfo("Export-Csv", [
            ParameterInfo(name: "InputObject", mandatory: true, fromPipeline: true),
            ParameterInfo(name: "Path", type: .string, aliases: ["PSPath", "LiteralPath"], position: 0),
            ParameterInfo(name: "Delimiter", type: .char, position: 1).notNull(),  // [ValidateNotNull] in pwsh's Csv commands
            ParameterInfo(name: "Append", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            ParameterInfo(name: "NoClobber", isSwitch: true),
            ParameterInfo(name: "Encoding", type: .string),
            ParameterInfo(name: "UseCulture", isSwitch: true),
            ParameterInfo(name: "IncludeTypeInformation", aliases: ["ITI"], isSwitch: true),
            ParameterInfo(name: "NoTypeInformation", aliases: ["NTI"], isSwitch: true),
            ParameterInfo(name: "QuoteFields", type: .stringArray, aliases: ["QF"]),
            ParameterInfo(name: "UseQuotes", type: .string, aliases: ["UQ"]),
            ParameterInfo(name: "NoHeader", isSwitch: true),
        ], shouldProcess: true, make: { ConvertToCsv($0, $1, path: true) }),
        CmdletInfo("ConvertFrom-Csv", [
            ParameterInfo(name: "InputObject", type: .stringArray, position: 0, mandatory: true, fromPipeline: true),
            ParameterInfo(name: "Delimiter", type: .char, position: 1).notNull(),  // [ValidateNotNull] in pwsh's Csv commands
            ParameterInfo(name: "Header", type: .stringArray),
            ParameterInfo(name: "UseCulture", isSwitch: true),
        ], make: { ConvertFromCsv($0, $1, path: false) }),
        CmdletInfo("Import-Csv", [
            ParameterInfo(name: "Path", type: .stringArray, aliases: ["PSPath", "LiteralPath"], position: 0, fromPipeline: true,
                          fromPipelineByPropertyName: true),
            ParameterInfo(name: "Delimiter", type: .char, position: 1).notNull(),  // [ValidateNotNull] in pwsh's Csv commands
            ParameterInfo(name: "Header", type: .stringArray),
            ParameterInfo(name: "Encoding", type: .string),
            ParameterInfo(name: "UseCulture", isSwitch: true),
        ], make: { ConvertFromCsv($0, $1, path: true) }),
    ]
}

extension NativeCommand {
    var delimiter: Character {
        if let d = string("Delimiter"), let c = d.first { return c }
        return ","
    }
}

final class ConvertToCsv: NativeCommand {
    let toFile: Bool
    private var names: [String]?
    private var lines: [String] = []

    init(_ info: CmdletInfo, _ call: CommandCall, path: Bool) {
        self.toFile = path
        super.init(info, call)
    }

    override func beginProcessing() throws {
        if isBound("UseQuotes") && isBound("QuoteFields") {
            try throwTerminating(error("-UseQuotes and -QuoteFields cannot be specified at the same time.",
                                       id: "CannotSpecifyQuoteFieldsAndUseQuotes", category: .invalidData,
                                       exception: "System.InvalidOperationException"))
        }
        if switchOn("IncludeTypeInformation") && switchOn("NoTypeInformation") {
            try throwTerminating(error("-IncludeTypeInformation and -NoTypeInformation cannot be specified at the same time.",
                                       id: "CannotSpecifyIncludeTypeInformationAndNoTypeInformation", category: .invalidData,
                                       exception: "System.InvalidOperationException"))
        }
        if toFile && string("Path") == nil {
            try throwTerminating(error("You must specify either the -Path or -LiteralPath parameters, but not both.",
                                       id: "CannotSpecifyPathAndLiteralPath", category: .invalidData,
                                       exception: "System.InvalidOperationException"))
        }
        if toFile, let path = string("Path") {
            let full = FileSystem.resolve(path, context)
            if switchOn("NoClobber") && !switchOn("Append") && FileManager.default.fileExists(atPath: full) {
                try throwTerminating(error("The file '\(full)' already exists.", id: "NoClobber", category: .resourceExists,
                                           target: .string(full), exception: "System.IO.IOException"))
            }
            // Appending to a file that has a header: the new rows follow its columns.
            if switchOn("Append"), let data = FileManager.default.contents(atPath: full) {
                let existing = GetContent.lines(SourceDecoding.decode([UInt8](data))).filter { !$0.hasPrefix("#") }
                if let header = existing.first {
                    names = ConvertFromCsv.parse(header, delimiter)
                    appendingTo = names
                }
            }
        }
    }

    private var appendingTo: [String]?

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject")?.normalized, !item.isNull else { return }
        // A dictionary's entries are its columns.
        var dictionary: PSHashtable?
        if case .object(let h as PSHashtable) = item { dictionary = h }
        let props = dictionary.map { h in h.keys.map { Convert.toString($0, ConversionContext()) } } ?? PropertyList.properties(of: item).map(\.name)
        if let columns = appendingTo, !switchOn("Force") {
            let missing = columns.filter { c in !props.contains { $0.caseInsensitiveCompare(c) == .orderedSame } }
            if !missing.isEmpty {
                try throwTerminating(error("Cannot append CSV content to the following file: \(string("Path") ?? ""). The appended object does not have a property that corresponds to the following column: \(missing[0]). To continue with mismatched properties, add the -Force parameter, and then retry the command.",
                                           id: "CannotAppendCsvWithMismatchedPropertyNames", category: .invalidData,
                                           exception: "System.InvalidOperationException"))
            }
        }
        if names == nil {
            names = props
            if switchOn("IncludeTypeInformation") {
                var type = item.asObject?.typeNames.first ?? Convert.typeName(item)
                if type.hasPrefix("CSV:") { type.removeFirst(4) }
                lines.append("#TYPE " + type)
            }
            if !switchOn("NoHeader") { lines.append(names!.map { field($0, name: $0) }.joined(separator: String(delimiter))) }
        }
        let values = names!.map { n -> String in
            let v = dictionary.map { $0[.string(n)] ?? .null } ?? Members.propertyIfPresent(item, n)
            guard let v, !v.isNull else { return "" }
            return field(Convert.toString(v, context.conversion(scope)), name: n)
        }
        let line = values.joined(separator: String(delimiter))
        if toFile { lines.append(line) } else {
            for l in lines { try writeObject(.string(l)) }
            lines = []
            try writeObject(.string(line))
        }
    }

    /// A field quoted as -UseQuotes and -QuoteFields say (Always by default).
    private func field(_ text: String, name: String) -> String {
        let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        if let fields = strings("QuoteFields") {
            return fields.contains { $0.caseInsensitiveCompare(name) == .orderedSame } ? quoted : text
        }
        switch (string("UseQuotes") ?? "Always").lowercased() {
        case "never": return text
        case "asneeded":
            let needs = text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
            return needs ? quoted : text
        default: return quoted
        }
    }

    override func endProcessing() throws {
        if !toFile {
            for l in lines { try writeObject(.string(l)) }
            return
        }
        guard let path = string("Path") else { return }
        let full = FileSystem.resolve(path, context)
        guard shouldProcess(target: full, action: "Export-Csv") else { return }
        let output = lines
        try FileCommands.write(output.map { $0 + "\n" }.joined(), to: path, append: switchOn("Append"), self)
    }
}

final class ConvertFromCsv: NativeCommand {
    let fromFile: Bool
    private var header: [String]?
    private var typeName: String?
    private var warnedUnnamed = false

    init(_ info: CmdletInfo, _ call: CommandCall, path: Bool) {
        self.fromFile = path
        super.init(info, call)
    }

    override func beginProcessing() throws {
        header = strings("Header")
    }

    override func processRecord(_ input: Value?) throws {
        if fromFile {
            for path in strings("Path") ?? [] {
                let full = FileSystem.resolve(path, context)
                guard let data = FileManager.default.contents(atPath: full) else {
                    try writeError(pathNotFound(full))
                    continue
                }
                // Each file has its own header and type line.
                header = strings("Header")
                typeName = nil
                try read(SourceDecoding.decode([UInt8](data)))
            }
            return
        }
        // Each string is read on its own; the first one's header serves the rest.
        for text in strings("InputObject") ?? [] { try read(text) }
    }

    private func read(_ text: String) throws {
        var reader = CsvReader(text, delimiter: delimiter)
        if typeName == nil && !reader.atEnd { typeName = reader.typeInformation() }
        if header == nil { header = reader.header() }
        guard let names = header else { return }
        var seen = Set<String>()
        for n in names where !n.isEmpty && !seen.insert(n.lowercased()).inserted {
            try throwTerminating(error("The member \"\(n)\" is already present.", id: "AlreadyPresentPSMemberInfoInternalCollectionAdd",
                                       category: .notSpecified, exception: "System.Management.Automation.ExtendedTypeSystemException"))
        }
        while true {
            let values = reader.record()
            if values.isEmpty { break }
            if values == [""] { continue }
            try writeObject(.object(object(names, values)))
        }
    }

    private func object(_ names: [String], _ values: [String]) throws -> PSCustomObject {
        let o = PSCustomObject()
        if let typeName { o.typeNameList.items = [.string(typeName), .string("CSV:" + typeName)] }
        var unnamed = 1
        for (i, n) in names.enumerated() {
            var name = n
            if name.isEmpty {
                name = "H\(unnamed)"
                unnamed += 1
            }
            o.add(name, i < values.count ? .string(values[i]) : .null)
        }
        if unnamed != 1 && !warnedUnnamed {
            warnedUnnamed = true
            try writeWarning("One or more headers were not specified. Default names starting with \"H\" have been used in place of any missing headers.")
        }
        return o
    }

    static func parse(_ line: String, _ delimiter: Character) -> [String] {
        CsvReader.fields(line, delimiter)
    }
}
