import Foundation

/// The file cmdlets scripts use on real files: Get-Content, Set-Content, Add-Content,
/// Out-File, Test-Path, Join-Path, Split-Path, New-Item, Remove-Item, Get-ChildItem,
/// Get-Location and Set-Location.
enum FileCommands {
    static let pathParam = ParameterInfo(name: "Path", type: .stringArray, aliases: ["PSPath", "LiteralPath", "LP"], position: 0,
                                         mandatory: true, fromPipelineByPropertyName: true)
    static let encoding = ParameterInfo(name: "Encoding", type: .string)
    /// Test-Path's Path also takes objects by value, and null or empty paths (each an error).
    static let testPathParam: ParameterInfo = {
        // Untyped: a null path must stay null to be reported (string[] would make it "").
        let p = ParameterInfo(name: "Path", position: 0, mandatory: true, fromPipeline: true, fromPipelineByPropertyName: true,
                              set: "Path")
        p.allowNull = true
        p.allowEmptyCollection = true
        p.allowEmptyString = true
        return p
    }()
    /// A path taken as written: no wildcards.
    static let testLiteralPathParam: ParameterInfo = {
        let p = ParameterInfo(name: "LiteralPath", aliases: ["PSPath", "LP"], mandatory: true, fromPipelineByPropertyName: true,
                              set: "LiteralPath")
        p.allowNull = true
        p.allowEmptyCollection = true
        p.allowEmptyString = true
        return p
    }()

    static let all: [CmdletInfo] = [
        CmdletInfo("Get-Content", [
            pathParam,
            ParameterInfo(name: "Raw", isSwitch: true),
            ParameterInfo(name: "TotalCount", type: .long, aliases: ["First", "Head"]),
            ParameterInfo(name: "Tail", type: .int, aliases: ["Last"]),
            ParameterInfo(name: "ReadCount", type: .long),
            ParameterInfo(name: "Delimiter", type: .string),
            ParameterInfo(name: "AsByteStream", isSwitch: true),
            encoding,
        ], make: { GetContent($0, $1) }),
        CmdletInfo("Set-Content", contentParams, shouldProcess: true, make: { SetContent($0, $1, append: false) }),
        CmdletInfo("Add-Content", contentParams, shouldProcess: true, make: { SetContent($0, $1, append: true) }),
        CmdletInfo("Out-File", [
            ParameterInfo(name: "FilePath", type: .string, aliases: ["Path", "LiteralPath", "PSPath", "LP"], position: 0,
                          mandatory: true),
            ParameterInfo(name: "InputObject", fromPipeline: true),
            ParameterInfo(name: "Append", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            ParameterInfo(name: "NoClobber", aliases: ["NoOverwrite"], isSwitch: true),
            ParameterInfo(name: "NoNewline", isSwitch: true),
            ParameterInfo(name: "Width", type: .int),
            encoding,
        ], shouldProcess: true, make: { OutFile($0, $1) }),
        CmdletInfo("Test-Path", [
            testPathParam,
            testLiteralPathParam,
            ParameterInfo(name: "PathType", type: .string, aliases: ["Type"]),
            ParameterInfo(name: "IsValid", isSwitch: true),
            ParameterInfo(name: "Include", type: .stringArray),
            ParameterInfo(name: "Exclude", type: .stringArray),
        ], defaultSet: "Path", make: { TestPath($0, $1) }),
        CmdletInfo("Join-Path", [
            ParameterInfo(name: "Path", type: .stringArray, aliases: ["PSPath"], position: 0, mandatory: true, fromPipeline: true),
            ParameterInfo(name: "ChildPath", type: .string, position: 1),
            ParameterInfo(name: "AdditionalChildPath", type: .stringArray, position: 2, fromRemaining: true),
            ParameterInfo(name: "Resolve", isSwitch: true),
        ], make: { JoinPath($0, $1) }),
        CmdletInfo("Split-Path", [
            ParameterInfo(name: "Path", type: .stringArray, aliases: ["PSPath"], position: 0, mandatory: true, fromPipeline: true),
            ParameterInfo(name: "Parent", isSwitch: true),
            ParameterInfo(name: "Leaf", isSwitch: true),
            ParameterInfo(name: "LeafBase", isSwitch: true),
            ParameterInfo(name: "Extension", isSwitch: true),
            ParameterInfo(name: "Qualifier", isSwitch: true),
            ParameterInfo(name: "NoQualifier", isSwitch: true),
            ParameterInfo(name: "IsAbsolute", isSwitch: true),
            ParameterInfo(name: "Resolve", isSwitch: true),
        ], make: { SplitPath($0, $1) }),
        CmdletInfo("New-Item", [
            ParameterInfo(name: "Path", type: .stringArray, position: 0, mandatory: true),
            ParameterInfo(name: "Name", type: .string),
            ParameterInfo(name: "ItemType", type: .string, aliases: ["Type"]),
            ParameterInfo(name: "Value", fromPipeline: true),
            ParameterInfo(name: "Force", isSwitch: true),
        ], shouldProcess: true, make: { NewItem($0, $1) }),
        CmdletInfo("Remove-Item", [
            pathParam,
            ParameterInfo(name: "Recurse", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
        ], shouldProcess: true, make: { RemoveItem($0, $1) }),
        CmdletInfo("Get-ChildItem", [
            ParameterInfo(name: "Path", type: .stringArray, position: 0, fromPipeline: true),
            ParameterInfo(name: "Filter", type: .string, position: 1),
            ParameterInfo(name: "Recurse", isSwitch: true),
            ParameterInfo(name: "File", isSwitch: true),
            ParameterInfo(name: "Directory", isSwitch: true),
            ParameterInfo(name: "Name", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
        ], make: { GetChildItem($0, $1) }),
        CmdletInfo("Get-Location", [], make: { GetLocation($0, $1) }),
        CmdletInfo("Set-Location", [
            ParameterInfo(name: "Path", type: .string, position: 0, fromPipeline: true),
        ], make: { SetLocation($0, $1) }),
    ]

    static var contentParams: [ParameterInfo] {
        [pathParam,
         ParameterInfo(name: "Value", type: .objectArray, position: 1, mandatory: true, fromPipeline: true).allowingNull(),
         ParameterInfo(name: "NoNewline", isSwitch: true),
         ParameterInfo(name: "Force", isSwitch: true),
         ParameterInfo(name: "PassThru", isSwitch: true),
         encoding]
    }

    /// Writes text (UTF-8 without BOM, pwsh 7's default) to a file, creating or appending.
    static func write(_ text: String, to path: String, append: Bool, _ command: NativeCommand) throws {
        let full = FileSystem.resolve(path, command.context)
        try command.checkWritable(full)
        let data = Data(text.utf8)
        if append, let h = FileHandle(forWritingAtPath: full) {
            h.seekToEndOfFile()
            h.write(data)
            try? h.close()
            return
        }
        if !FileManager.default.createFile(atPath: full, contents: data) {
            let parent = (full as NSString).deletingLastPathComponent
            try command.throwTerminating(command.error("Could not find a part of the path '\(full)'.",
                                                       id: FileManager.default.fileExists(atPath: parent) ? "UnauthorizedAccess" : "DirectoryNotFound",
                                                       category: .objectNotFound, target: .string(full),
                                                       exception: "System.IO.DirectoryNotFoundException"))
        }
    }

    /// `-Path` values with wildcards expanded against the file system.
    static func expand(_ path: String, _ c: ExecutionContext) -> [String] {
        let full = FileSystem.resolve(path, c)
        let leaf = (full as NSString).lastPathComponent
        guard Wildcard(leaf, caseSensitive: true).hasWildcards else { return [full] }
        let dir = (full as NSString).deletingLastPathComponent
        let w = Wildcard(leaf, caseSensitive: false)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { w.matches($0) }.sorted().map { (dir as NSString).appendingPathComponent($0) }
    }
}

extension NativeCommand {
    /// Refuses file changes in a sandboxed session.
    func checkWritable(_ full: String) throws {
        guard context.allowFileWrites else {
            try throwTerminating(error("Access to the path '\(full)' is denied.", id: "UnauthorizedAccess",
                                       category: .permissionDenied, target: .string(full),
                                       exception: "System.UnauthorizedAccessException"))
        }
    }

    func pathNotFound(_ full: String) -> ErrorRecord {
        error("Cannot find path '\(full)' because it does not exist.", id: "PathNotFound", category: .objectNotFound,
              target: .string(full), exception: "System.Management.Automation.ItemNotFoundException")
    }
}

final class GetContent: NativeCommand {
    override func beginProcessing() throws {
        if isBound("Tail") && isBound("TotalCount") {
            try throwTerminating(error("The parameters TotalCount and Tail cannot be used together. Please specify only one parameter.",
                                       id: "TailAndHeadCannotCoexist", category: .invalidOperation,
                                       exception: "System.InvalidOperationException"))
        }
        if switchOn("Raw") && (isBound("Tail") || isBound("TotalCount") || isBound("ReadCount")) {
            try throwTerminating(error("The parameters Tail, TotalCount and ReadCount cannot be used with Raw.",
                                       id: "InvalidOperation", category: .invalidOperation,
                                       exception: "System.InvalidOperationException"))
        }
        if switchOn("AsByteStream") && isBound("Encoding") {
            try writeWarning("Encoding not used when '-AsByteStream' specified.")
        }
        if let n = param("TotalCount").map({ (try? Convert.toInt64($0, nil)) ?? 0 }), n < -1 {
            try throwTerminating(error("Cannot validate argument on parameter 'TotalCount'. The \(n) argument is less than the minimum allowed range of -1. Supply an argument that is greater than or equal to -1 and then try the command again.",
                                       id: "ParameterArgumentValidationError", category: .invalidData,
                                       exception: "System.Management.Automation.ParameterBindingValidationException"))
        }
    }

    override func processRecord(_ input: Value?) throws {
        for path in strings("Path") ?? [] {
            if try readProviderItem(path) { continue }
            let files = FileCommands.expand(path, context)
            if files.isEmpty {
                try writeError(error("Cannot find path '\(FileSystem.resolve(path, context))' because it does not exist.",
                                     id: "ItemNotFound", category: .objectNotFound, target: .string(path),
                                     exception: "System.Management.Automation.ItemNotFoundException"))
                continue
            }
            for full in files { try read(full) }
        }
    }

    /// `Env:\HOME`, `Variable:\x`, `Function:\f`: the item's value (false for a file path).
    /// Their providers read whole items, so -Tail is refused as pwsh's providers refuse it.
    private func readProviderItem(_ path: String) throws -> Bool {
        guard let colon = path.firstIndex(of: ":") else { return false }
        let drive = path[..<colon].lowercased()
        guard let provider = ["env": "Environment", "variable": "Variable", "function": "Function"][drive] else { return false }
        var name = String(path[path.index(after: colon)...])
        while name.hasPrefix("\\") || name.hasPrefix("/") { name.removeFirst() }
        if isBound("Tail") {
            try writeError(error("The parameter Tail is not supported by the \(provider) provider.", id: "TailNotSupported",
                                 category: .invalidOperation, target: param("Tail") ?? .null,
                                 exception: "System.InvalidOperationException"))
            return true
        }
        let key = name.lowercased()
        var value: Value?
        switch drive {
        case "env": value = ProcessInfo.processInfo.environment[name].map { .string($0) }
        case "variable": value = scope.lookup(key)?.value ?? (try? Automatic.value(key, scope)) ?? nil
        default: value = scope.lookupFunction(key).map { .object(ScriptBlockObject($0.block)) }
        }
        guard let value else {
            try writeError(error("Cannot find path '\(path)' because it does not exist.", id: "PathNotFound",
                                 category: .objectNotFound, target: .string(path),
                                 exception: "System.Management.Automation.ItemNotFoundException"))
            return true
        }
        try writeObject(value)
        return true
    }

    private func read(_ full: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue {
            try writeError(error("Unable to get content because it is a directory: '\(full)'. Please use 'Get-ChildItem' instead.",
                                 id: "GetContainerContentException", category: .invalidOperation, target: .string(full),
                                 exception: "System.Management.Automation.ActionPreferenceStopException"))
            return
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            try writeError(pathNotFound(full))
            return
        }
        if switchOn("AsByteStream") {
            // Bytes, one object each; -TotalCount and -Tail count bytes.
            var bytes = [UInt8](data)
            if let n = param("TotalCount").map({ (try? Convert.toInt64($0, nil)) ?? 0 }), n >= 0 { bytes = Array(bytes.prefix(Int(n))) }
            if let n = try int("Tail"), n >= 0 { bytes = Array(bytes.suffix(n)) }
            if switchOn("Raw") {
                try writeObject(.object(PSArray(bytes.map { .object(PSScalarBox(.byte($0))) }, elementType: PSType.named["byte"])))
                return
            }
            for b in bytes { try writeObject(.object(PSScalarBox(.byte(b)))) }
            return
        }
        let text = SourceDecoding.decode([UInt8](data))
        if switchOn("Raw") {
            try writeObject(.string(text))
            return
        }
        // -Delimiter: pieces between delimiters (pwsh 7 leaves the delimiter out).
        var lines = string("Delimiter").map { Self.pieces(text, $0) } ?? Self.lines(text)
        if let n = param("TotalCount").map({ (try? Convert.toInt64($0, nil)) ?? 0 }), n >= 0 { lines = Array(lines.prefix(Int(n))) }
        if let n = try int("Tail"), n >= 0 { lines = Array(lines.suffix(n)) }
        let readCount = param("ReadCount").map { (try? Convert.toInt64($0, nil)) ?? 1 } ?? 1
        if readCount == 1 || readCount < 0 {
            for l in lines { try writeObject(.string(l)) }
        } else {
            let size = readCount == 0 ? max(1, lines.count) : Int(readCount)
            var i = 0
            while i < lines.count {
                try writeObject(.object(PSArray(lines[i..<min(lines.count, i + size)].map { .string($0) })))
                i += size
            }
        }
    }

    /// Text split at each `delimiter`; an empty piece after a final delimiter is none.
    static func pieces(_ text: String, _ delimiter: String) -> [String] {
        guard !delimiter.isEmpty else { return text.isEmpty ? [] : [text] }
        var pieces = text.components(separatedBy: delimiter)
        if pieces.last == "" { pieces.removeLast() }
        return pieces
    }

    /// Lines as StreamReader reads them: ended by CR LF, LF or CR.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var sawCR = false
        for ch in text.unicodeScalars {
            if sawCR {
                sawCR = false
                if ch == "\n" { continue }
            }
            if ch == "\r" || ch == "\n" {
                lines.append(current)
                current = ""
                sawCR = ch == "\r"
            } else {
                current.unicodeScalars.append(ch)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

final class SetContent: NativeCommand {
    let append: Bool
    private var values: [Value] = []
    init(_ info: CmdletInfo, _ call: CommandCall, append: Bool) {
        self.append = append
        super.init(info, call)
    }

    override func processRecord(_ input: Value?) throws {
        guard let v = param("Value") else { return }
        // $null values write nothing (Set-Content -Value $null leaves an empty file).
        values += (v.asObject.map { $0.isEnumerable ? $0.enumerate() : [v] } ?? [v]).filter { !$0.isNullish }
    }

    override func endProcessing() throws {
        let conv = context.conversion(scope)
        let text = switchOn("NoNewline") ? values.map { Convert.toString($0, conv) }.joined()
            : values.map { Convert.toString($0, conv) + "\n" }.joined()
        for path in strings("Path") ?? [] {
            let full = FileSystem.resolve(path, context)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue {
                try writeError(error("Unable to write content because it is a directory: '\(full)'.", id: "WriteContainerContentException",
                                     category: .invalidOperation, target: .string(full),
                                     exception: "System.Management.Automation.ActionPreferenceStopException"))
                continue
            }
            guard shouldProcess(target: full, action: append ? "Add Content" : "Set Content") else { continue }
            try FileCommands.write(text, to: path, append: append, self)
            if switchOn("PassThru") { for v in values { try writeObject(v) } }
        }
    }
}

final class OutFile: NativeCommand {
    private var buffer = ""
    private var formatter: OutputFormatter!

    override func beginProcessing() throws {
        let width = try int("Width") ?? 120
        formatter = OutputFormatter(width: width, write: { [unowned self] in self.buffer += $0 },
                                    writeError: { [unowned self] in self.buffer += $0 })
    }

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { formatter.process(v) }
    }

    override func endProcessing() throws {
        formatter.finish()
        guard let path = string("FilePath") else { return }
        let full = FileSystem.resolve(path, context)
        if switchOn("NoClobber") && FileManager.default.fileExists(atPath: full) {
            let r = error("The file '\(full)' already exists.", id: "NoClobber", category: .resourceExists,
                          target: .string(full), exception: "System.IO.IOException")
            r.detailsMessage = "File \(full) already exists and NoClobber was specified."
            try throwTerminating(r)
        }
        guard shouldProcess(target: full, action: "Output to File") else { return }
        if switchOn("NoNewline") { buffer = buffer.replacingOccurrences(of: "\n", with: "") }
        try FileCommands.write(buffer, to: path, append: switchOn("Append"), self)
    }
}

final class TestPath: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let given: [Value?]
        let literal = isBound("LiteralPath")
        switch (literal ? param("LiteralPath") : param("Path"))?.normalized {
        case nil, .null?: given = [nil]
        case .object(let o)? where o.isEnumerable: given = o.enumerate().map { $0.isNullish ? nil : $0 }
        case let v?: given = [v]
        }
        for item in given {
            guard let item else {
                try writeError(error("Cannot bind argument to parameter 'Path' because it is null.", id: "NullPathNotPermitted",
                                     category: .invalidData, exception: "System.Management.Automation.ParameterBindingValidationException"))
                continue
            }
            let path = Convert.toString(item, ConversionContext())
            if switchOn("IsValid") {
                try writeObject(.bool(Self.isValid(path)))
                continue
            }
            if let exists = providerItemExists(path) {
                try writeObject(.bool(exists))
                continue
            }
            // -Include/-Exclude filter the items found by their names.
            let include = (strings("Include") ?? []).map { Wildcard($0, caseSensitive: false) }
            let exclude = (strings("Exclude") ?? []).map { Wildcard($0, caseSensitive: false) }
            let found = literal ? [FileSystem.resolve(path, context)] : FileCommands.expand(path, context)
            let matches = found.filter { full in
                let leaf = (full as NSString).lastPathComponent
                return (include.isEmpty || include.contains { $0.matches(leaf) }) && !exclude.contains { $0.matches(leaf) }
            }
            var result = false
            for full in matches {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { continue }
                switch (string("PathType") ?? "Any").lowercased() {
                case "leaf": result = result || !isDir.boolValue
                case "container": result = result || isDir.boolValue
                default: result = true
                }
            }
            try writeObject(.bool(result && !path.isEmpty))
        }
    }

    /// `Alias:\gci`, `Env:\PATH`, `Variable:\x`, `Function:\f`: whether that item exists
    /// (nil for a file-system path).
    private func providerItemExists(_ path: String) -> Bool? {
        guard let colon = path.firstIndex(of: ":") else { return nil }
        let drive = path[..<colon].lowercased()
        var name = String(path[path.index(after: colon)...])
        while name.hasPrefix("\\") || name.hasPrefix("/") { name.removeFirst() }
        let key = name.lowercased()
        switch drive {
        case "alias": return context.aliases[key] != nil
        case "env": return ProcessInfo.processInfo.environment.keys.contains(name)
        case "variable": return scope.lookup(key) != nil || (try? Automatic.value(key, scope)) != nil
        case "function": return scope.lookupFunction(key) != nil
        default: return nil
        }
    }

    /// A path is valid without NUL characters, and with a qualifier (`x:`) only when that
    /// names a drive or provider (on Unix, `C:` is no drive).
    static func isValid(_ path: String) -> Bool {
        if path.contains("\0") { return false }
        guard let colon = path.firstIndex(of: ":") else { return true }
        let qualifier = path[..<colon].lowercased()
        return ["filesystem", "variable", "env", "alias", "function", "microsoft.powershell.core\\filesystem"].contains(qualifier)
    }
}

final class JoinPath: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let children = [string("ChildPath")].compactMap { $0 } + (strings("AdditionalChildPath") ?? [])
        for path in strings("Path") ?? [] {
            var result = path
            for child in children {
                if result.hasSuffix("/") || result.hasSuffix("\\") { result.removeLast() }
                var c = child
                while c.hasPrefix("/") || c.hasPrefix("\\") { c.removeFirst() }
                result += "/" + c
            }
            let joined = result.replacingOccurrences(of: "\\", with: "/")
            if switchOn("Resolve") { try resolve(joined) } else { try writeObject(.string(joined)) }
        }
    }

    /// -Resolve: the joined path must name existing items (wildcards expand).
    private func resolve(_ joined: String) throws {
        if let q = SplitPath.qualifier(joined), !["alias:", "env:", "function:", "variable:", "temp:"].contains(q.lowercased()) {
            let name = String(q.dropLast())
            try writeError(error("Cannot find drive. A drive with the name '\(name)' does not exist.", id: "DriveNotFound",
                                 category: .objectNotFound, target: .string(name),
                                 exception: "System.Management.Automation.DriveNotFoundException"))
            return
        }
        let found = FileCommands.expand(joined, context).filter { FileManager.default.fileExists(atPath: $0) }
        if found.isEmpty {
            let full = FileSystem.resolve(joined, context)
            try writeError(error("Cannot find path '\(full)' because it does not exist.", id: "PathNotFound",
                                 category: .objectNotFound, target: .string(full),
                                 exception: "System.Management.Automation.ItemNotFoundException"))
            return
        }
        for f in found { try writeObject(.string(f)) }
    }
}

