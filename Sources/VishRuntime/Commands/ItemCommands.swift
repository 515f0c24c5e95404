import Foundation

final class NewItem: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        for path in strings("Path") ?? [] {
            var full = FileSystem.resolve(path, context)
            if let name = string("Name") { full = (full as NSString).appendingPathComponent(name) }
            let isDirectory = ["directory", "container"].contains((string("ItemType") ?? "file").lowercased())
            let fm = FileManager.default
            if fm.fileExists(atPath: full) && !switchOn("Force") {
                try writeError(error("An item with the specified name \(full) already exists.", id: "NewItemIOError",
                                     category: .resourceExists, target: .string(full), exception: "System.IO.IOException"))
                continue
            }
            guard shouldProcess(target: "Destination: \(full)", action: isDirectory ? "Create Directory" : "Create File") else { continue }
            try checkWritable(full)
            if isDirectory {
                try? fm.createDirectory(atPath: full, withIntermediateDirectories: true)
            } else {
                let text = param("Value").map { Convert.toString($0, context.conversion(scope)) } ?? ""
                try FileCommands.write(text, to: full, append: false, self)
            }
            try writeObject(.object(FileItem(full)))
        }
    }
}

final class RemoveItem: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        for path in strings("Path") ?? [] {
            let matches = FileCommands.expand(path, context).filter { FileManager.default.fileExists(atPath: $0) }
            if matches.isEmpty {
                try writeError(pathNotFound(FileSystem.resolve(path, context)))
                continue
            }
            for full in matches where shouldProcess(target: full, action: "Remove File") {
                try checkWritable(full)
                var isDir: ObjCBool = false
                FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
                let children = isDir.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []) : []
                if !children.isEmpty && !switchOn("Recurse") {
                    try writeError(error("The item at \(full) has children and the Recurse parameter was not specified. Nothing has been removed.",
                                         id: "DirectoryNotEmpty", category: .writeError, target: .string(full),
                                         exception: "System.IO.IOException"))
                    continue
                }
                try? FileManager.default.removeItem(atPath: full)
            }
        }
    }
}

final class GetChildItem: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let fm = FileManager.default
        for path in strings("Path") ?? ["."] {
            let full = FileSystem.resolve(path, context)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else {
                try writeError(pathNotFound(full))
                continue
            }
            let filter = string("Filter").map { Wildcard($0, caseSensitive: false) }
            var entries: [String] = []
            if isDir.boolValue {
                let names = switchOn("Recurse") ? (fm.subpaths(atPath: full) ?? []) : ((try? fm.contentsOfDirectory(atPath: full)) ?? [])
                entries = names.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } || switchOn("Force") }
                    .sorted { $0.lowercased() < $1.lowercased() }.map { (full as NSString).appendingPathComponent($0) }
            } else {
                entries = [full]
            }
            for e in entries {
                var d: ObjCBool = false
                fm.fileExists(atPath: e, isDirectory: &d)
                if switchOn("File") && d.boolValue { continue }
                if switchOn("Directory") && !d.boolValue { continue }
                if let filter, !filter.matches((e as NSString).lastPathComponent) { continue }
                if switchOn("Name") {
                    try writeObject(.string(String(e.dropFirst(full.count + 1))))
                } else {
                    try writeObject(.object(FileItem(e)))
                }
            }
        }
    }
}

final class GetLocation: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        try writeObject(.object(PathInfo(context.currentDirectory)))
    }
}

final class SetLocation: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let full = FileSystem.resolve(string("Path") ?? "~", context)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue else {
            try writeError(pathNotFound(full))
            return
        }
        context.currentDirectory = full
    }
}

/// A file or directory as Get-ChildItem gives it (FileInfo / DirectoryInfo).
public final class FileItem: PSObjectBase {
    let path: String
    init(_ path: String) { self.path = path }

    private var isDirectory: Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }
    public override var typeName: String { isDirectory ? "System.IO.DirectoryInfo" : "System.IO.FileInfo" }
    public override var propertyNames: [String] { ["Name", "FullName", "Length", "Extension", "BaseName", "DirectoryName"] }
    public override func toString(_ context: ConversionContext) -> String { path }
    public override func getProperty(_ name: String) -> Value? {
        let ns = path as NSString
        switch name.lowercased() {
        case "name", "pschildname": return .string(ns.lastPathComponent)
        case "fullname", "pspath": return .string(path)
        case "basename": return .string(isDirectory ? ns.lastPathComponent : (ns.lastPathComponent as NSString).deletingPathExtension)
        case "extension":
            let e = ns.pathExtension
            return .string(e.isEmpty ? "" : "." + e)
        case "directoryname", "psparentpath": return .string(ns.deletingLastPathComponent)
        case "length":
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return .long(Int64(size ?? 0))
        case "psiscontainer": return .bool(isDirectory)
        case "exists": return .bool(FileManager.default.fileExists(atPath: path))
        default: return nil
        }
    }
}
