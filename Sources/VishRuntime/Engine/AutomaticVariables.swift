import Foundation

/// The variables a session starts with, and those computed when read.
enum AutomaticVariables {
    static let preferenceNames = ["ErrorActionPreference", "WarningPreference", "VerbosePreference", "DebugPreference",
                                  "InformationPreference", "ProgressPreference"]

    static func install(in c: ExecutionContext) {
        let g = c.globalScope
        func set(_ name: String, _ v: Value, _ options: PSVariable.Options = []) {
            g.define(name.lowercased(), PSVariable(name, v, options: options))
        }
        // Constrained to ActionPreference, as pwsh makes them: `$ErrorActionPreference = 'stop'`
        // holds Stop, a name that is no value is refused.
        let actionPreference = PSType(.enumType, ActionPreference.typeName)
        for name in preferenceNames {
            let p: ActionPreference = ["VerbosePreference", "DebugPreference", "InformationPreference"].contains(name) ? .silentlyContinue : .continue
            g.define(name.lowercased(), PSVariable(name, .object(EnumValue(type: ActionPreference.typeName, name: p.rawValue, value: p.number)),
                                                   type: actionPreference))
        }
        set("ConfirmPreference", .object(EnumValue(type: "System.Management.Automation.ConfirmImpact", name: "High", value: 3)))
        set("WhatIfPreference", .false)
        set("FormatEnumerationLimit", .int(4))
        set("MaximumHistoryCount", .int(4096))
        set("PSEdition", .string("Core"))
        // Options as pwsh gives them (SpecialVariables): one variable in every scope, which
        // no scope can assign.
        set("IsLinux", .true, [.constant, .allScope])
        set("IsMacOS", .false, [.constant, .allScope])
        set("IsWindows", .false, [.constant, .allScope])
        set("IsCoreCLR", .true, [.constant, .allScope])
        set("PID", .int(4242), [.constant, .allScope])
        set("HOME", .string(ProcessInfo.processInfo.environment["HOME"] ?? "/root"), [.readOnly, .allScope])
        set("PSHOME", .string("/opt/vish"))
        set("ShellId", .string("Microsoft.PowerShell"))
        set("PSCulture", .string("en-US"))
        set("PSUICulture", .string("en-US"))
        set("NestedPromptLevel", .int(0))
        let table = PSHashtable()
        table[.string("PSVersion")] = .object(VersionObject(parts: [7, 4, 6]))
        table[.string("PSEdition")] = .string("Core")
        table[.string("GitCommitId")] = .string("7.4.6")
        table[.string("OS")] = .string("Linux")
        table[.string("Platform")] = .string("Unix")
        table[.string("PSCompatibleVersions")] = .object(PSArray(["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"].map { .object(VersionObject($0)!) }))
        table[.string("PSRemotingProtocolVersion")] = .object(VersionObject(parts: [2, 3]))
        table[.string("SerializationVersion")] = .object(VersionObject(parts: [1, 1, 0, 1]))
        table[.string("WSManStackVersion")] = .object(VersionObject(parts: [3, 0]))
        set("PSVersionTable", .object(table), .readOnly)
    }
}

/// Variables whose value is computed when read.
enum Automatic {
    static func value(_ key: String, _ s: Scope) throws -> Value? {
        let c = s.context!
        switch key {
        case "?": return .bool(c.lastSucceeded)
        case "error": return .object(PSList(c.errorList.map { .object($0) }, type: PSType.named["system.collections.arraylist"]!))
        case "pwd": return .object(PathInfo(c.currentDirectory))
        case "psscriptroot":
            return .string(c.scriptStack.last.map { ($0.name as NSString).deletingLastPathComponent } ?? "")
        case "pscommandpath": return .string(c.scriptStack.last?.name ?? "")
        case "host": return .object(HostObject())
        case "executioncontext": return .null
        default: return nil
        }
    }
}

/// `$PWD` and `Get-Location`.
public final class PathInfo: PSObjectBase {
    let path: String
    init(_ path: String) { self.path = path }
    public override var typeName: String { "System.Management.Automation.PathInfo" }
    public override func toString(_ context: ConversionContext) -> String { path }
    public override var propertyNames: [String] { ["Path"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "path", "providerpath": return .string(path)
        case "drive": return .string("/")
        case "provider": return .string("Microsoft.PowerShell.Core\\FileSystem")
        default: return nil
        }
    }
}

/// `$Host`.
public final class HostObject: PSObjectBase {
    public override var typeName: String { "System.Management.Automation.Internal.Host.InternalHost" }
    public override func toString(_ context: ConversionContext) -> String { typeName }
    public override var propertyNames: [String] { ["Name", "Version", "InstanceId", "UI", "CurrentCulture", "CurrentUICulture"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "name": return .string("Vish")
        case "version": return .object(VersionObject(parts: [0, 1, 0]))
        case "currentculture", "currentuiculture": return .string("en-US")
        default: return nil
        }
    }
}
