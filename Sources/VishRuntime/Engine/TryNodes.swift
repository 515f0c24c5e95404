import VishSyntax

/// `catch [Type1], [Type2] { }`.
final class CatchHandler {
    let types: [String]   // lowercased full names; empty = catch all
    let body: BlockNode
    init(types: [String], body: BlockNode) {
        self.types = types
        self.body = body
    }

    /// The record as the handler sees it when it applies: the inner .NET exception is
    /// tried first, then the error's own exception.
    func match(_ record: ErrorRecord) -> ErrorRecord? {
        if types.isEmpty { return record }
        return ExceptionTypes.match(types, record)
    }
}

/// `trap [Type] { }`: runs when a terminating error reaches its block; `continue`
/// resumes after the failing statement, `break` rethrows, anything else reports the
/// error and continues.
final class TrapHandler {
    let type: String?
    let body: BlockNode
    init(type: String?, body: BlockNode) {
        self.type = type
        self.body = body
    }
}

enum Traps {
    static func run(_ statements: [Stmt], _ traps: [TrapHandler], _ s: Scope, _ out: Sink) throws {
        for st in statements {
            do {
                // With a trap here, errors in called functions come here instead of being
                // reported where they happen.
                s.context.tryDepth += 1
                defer { s.context.tryDepth -= 1 }
                try st.exec(s, out)
            } catch let record as ErrorRecord {
                if record.atSequencePoint {
                    record.position.range = st.range
                    record.atSequencePoint = false
                }
                var seen = record
                guard let trap = traps.first(where: { t in
                    guard let type = t.type else { return true }
                    if let m = ExceptionTypes.match([type], record) { seen = m; return true }
                    return false
                }) else { throw record }
                let previous = s.local("_")
                s.define("_", PSVariable("_", .object(seen)))
                defer { if let p = previous { s.define("_", p) } }
                do {
                    try trap.body.exec(s, out)
                    // Falling off the end of a trap: report the error and go on.
                    s.context.reportNonTerminating(record, s)
                } catch FlowSignal.continueLoop(label: nil) {
                    continue
                } catch FlowSignal.breakLoop(label: nil) {
                    throw record
                }
            }
        }
    }
}

final class TryStmt: Stmt {
    let body: BlockNode
    let catches: [CatchHandler]
    let finallyBody: BlockNode?

    init(_ body: BlockNode, _ catches: [CatchHandler], _ finallyBody: BlockNode?, _ range: SourceRange) {
        self.body = body
        self.catches = catches
        self.finallyBody = finallyBody
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        do {
            do {
                s.context.tryDepth += 1
                defer { s.context.tryDepth -= 1 }
                try body.exec(s, out)
            } catch let record as ErrorRecord {
                // pwsh looks for a handler of the inner .NET exception first.
                var seen = record
                var found: CatchHandler? = nil
                if let inner = record.innerType {
                    found = catches.first { h in !h.types.isEmpty && h.types.contains { ExceptionTypes.isA(inner, $0) } }
                    if found != nil { seen = record.unwrapped() }
                }
                if found == nil { found = catches.first { $0.match(record) != nil } }
                guard let handler = found else { throw record }
                s.context.recordError(record)
                let previous = s.local("_")
                s.define("_", PSVariable("_", .object(seen)))
                s.context.catchStack.append(record)
                defer {
                    s.context.catchStack.removeLast()
                    if let p = previous { s.define("_", p) } else { _ = s.remove("_") }
                }
                try handler.body.exec(s, out)
            }
        } catch {
            if let f = finallyBody { try f.exec(s, out) }
            throw error
        }
        if let f = finallyBody { try f.exec(s, out) }
    }
}

/// The exception types scripts catch by, and their bases, so `catch [Exception]`
/// catches everything and `catch [RuntimeException]` catches what derives from it.
enum ExceptionTypes {
    /// System.ArgumentException or one derived from it (they carry a ParamName).
    static func isArgumentException(_ type: String) -> Bool {
        var t: String? = type.lowercased()
        while let cur = t, !cur.isEmpty {
            if cur == "system.argumentexception" { return true }
            t = parents[cur]
        }
        return false
    }

    static let parents: [String: String] = [
        "system.exception": "",
        "system.systemexception": "system.exception",
        "system.management.automation.runtimeexception": "system.systemexception",
        "system.management.automation.parameterbindingexception": "system.management.automation.runtimeexception",
        "system.management.automation.commandnotfoundexception": "system.management.automation.runtimeexception",
        "system.management.automation.methodinvocationexception": "system.management.automation.methodexception",
        "system.management.automation.methodexception": "system.management.automation.extendedtypesystemexception",
        "system.management.automation.extendedtypesystemexception": "system.management.automation.runtimeexception",
        "system.management.automation.setvalueinvocationexception": "system.management.automation.setvalueexception",
        "system.management.automation.setvalueexception": "system.management.automation.extendedtypesystemexception",
        "system.management.automation.getvalueinvocationexception": "system.management.automation.getvalueexception",
        "system.management.automation.getvalueexception": "system.management.automation.extendedtypesystemexception",
        "system.management.automation.psinvalidcastexception": "system.invalidcastexception",
        "system.management.automation.itemnotfoundexception": "system.management.automation.sessionstateexception",
        "system.management.automation.sessionstateexception": "system.management.automation.runtimeexception",
        "system.management.automation.actionpreferencestopexception": "system.management.automation.runtimeexception",
        "system.management.automation.psargumentexception": "system.argumentexception",
        "system.management.automation.validationmetadataexception": "system.management.automation.metadataexception",
        "system.management.automation.metadataexception": "system.management.automation.runtimeexception",
        "system.management.automation.argumenttransformationmetadataexception": "system.management.automation.metadataexception",
        "system.management.automation.parseexception": "system.management.automation.runtimeexception",
        "system.management.automation.scriptcalldepthexception": "system.management.automation.runtimeexception",
        "system.management.automation.pipelinestoppedexception": "system.management.automation.runtimeexception",
        "system.management.automation.cmdletinvocationexception": "system.management.automation.runtimeexception",
        "system.argumentexception": "system.systemexception",
        "system.text.regularexpressions.regexparseexception": "system.argumentexception",
        "system.argumentnullexception": "system.argumentexception",
        "system.argumentoutofrangeexception": "system.argumentexception",
        "system.arithmeticexception": "system.systemexception",
        "system.dividebyzeroexception": "system.arithmeticexception",
        "system.overflowexception": "system.arithmeticexception",
        "system.formatexception": "system.systemexception",
        "system.invalidcastexception": "system.systemexception",
        "system.invalidoperationexception": "system.systemexception",
        "system.notsupportedexception": "system.systemexception",
        "system.notimplementedexception": "system.systemexception",
        "system.nullreferenceexception": "system.systemexception",
        "system.indexoutofrangeexception": "system.systemexception",
        "system.keynotfoundexception": "system.systemexception",
        "system.collections.generic.keynotfoundexception": "system.systemexception",
        "system.io.ioexception": "system.systemexception",
        "system.io.filenotfoundexception": "system.io.ioexception",
        "system.io.directorynotfoundexception": "system.io.ioexception",
        "system.unauthorizedaccessexception": "system.systemexception",
        "system.timeoutexception": "system.systemexception",
    ]

    /// The proper spelling of a known exception type's full name.
    static func displayName(_ lower: String) -> String {
        let known = ["System.Exception", "System.SystemException", "System.ArgumentException", "System.ArgumentNullException",
                     "System.ArgumentOutOfRangeException", "System.ArithmeticException", "System.DivideByZeroException",
                     "System.OverflowException", "System.FormatException", "System.InvalidCastException",
                     "System.InvalidOperationException", "System.NotSupportedException", "System.NotImplementedException",
                     "System.NullReferenceException", "System.IndexOutOfRangeException",
                     "System.Collections.Generic.KeyNotFoundException", "System.KeyNotFoundException",
                     "System.IO.IOException", "System.IO.FileNotFoundException", "System.IO.DirectoryNotFoundException",
                     "System.UnauthorizedAccessException", "System.TimeoutException"]
        if let k = known.first(where: { $0.lowercased() == lower }) { return k }
        let prefix = "system.management.automation."
        if lower.hasPrefix(prefix) {
            let short = String(lower.dropFirst(prefix.count))
            let names = ["RuntimeException", "ParameterBindingException", "CommandNotFoundException", "MethodInvocationException",
                         "MethodException", "ExtendedTypeSystemException", "SetValueInvocationException", "SetValueException",
                         "GetValueInvocationException", "GetValueException", "PSInvalidCastException", "ItemNotFoundException",
                         "SessionStateException", "ActionPreferenceStopException", "PSArgumentException",
                         "ValidationMetadataException", "MetadataException", "ParseException", "ScriptCallDepthException",
                         "PipelineStoppedException", "CmdletInvocationException"]
            if let n = names.first(where: { $0.lowercased() == short }) { return "System.Management.Automation." + n }
        }
        return lower
    }

    /// The record seen by a handler for `types`: its inner exception when that matches
    /// (then `$_.Exception` is the inner one), else itself when its exception matches.
    static func match(_ types: [String], _ record: ErrorRecord) -> ErrorRecord? {
        if let inner = record.innerType, types.contains(where: { isA(inner, $0) }) { return record.unwrapped() }
        if types.contains(where: { isA(record.exceptionType, $0) }) { return record }
        if let w = record.wrapperType, types.contains(where: { isA(w, $0) }) { return record }
        if record.stoppedByPreference,
           types.contains(where: { isA("System.Management.Automation.ActionPreferenceStopException", $0) }) { return record }
        return nil
    }

    /// Whether exception type `actual` is `wanted` or derives from it. Names may be short
    /// (`RuntimeException`) or full.
    static func isA(_ actual: String, _ wanted: String) -> Bool {
        let want = wanted.lowercased()
        var t: String? = actual.lowercased()
        while let cur = t, !cur.isEmpty {
            if cur == want || cur.hasSuffix("." + want) { return true }
            t = parents[cur] ?? (cur == "system.exception" ? nil : "system.exception")
        }
        return false
    }
}
