import VishSyntax

/// `catch [Type1], [Type2] { }`.
final class CatchHandler {
    let types: [String]   // lowercased full names; empty = catch all
    let body: BlockNode
    init(types: [String], body: BlockNode) {
        self.types = types
        self.body = body
    }

    func matches(_ record: ErrorRecord) -> Bool {
        types.isEmpty || types.contains { ExceptionTypes.isA(record.exceptionType, $0) }
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
                try st.exec(s, out)
            } catch let record as ErrorRecord {
                guard let trap = traps.first(where: { t in t.type.map { ExceptionTypes.isA(record.exceptionType, $0) } ?? true })
                else { throw record }
                let previous = s.local("_")
                s.define("_", PSVariable("_", .object(record)))
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
                guard let handler = catches.first(where: { $0.matches(record) }) else { throw record }
                s.context.recordError(record)
                let previous = s.local("_")
                s.define("_", PSVariable("_", .object(record)))
                defer {
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
        "system.management.automation.parseexception": "system.management.automation.runtimeexception",
        "system.management.automation.scriptcalldepthexception": "system.management.automation.runtimeexception",
        "system.management.automation.pipelinestoppedexception": "system.management.automation.runtimeexception",
        "system.argumentexception": "system.systemexception",
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
