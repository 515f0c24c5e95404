import VishSyntax

/// Where an error happened: the script, its source and the range of the offending text.
public struct ErrorPosition {
    public var source: SourceFile?
    public var range: SourceRange?

    public init(source: SourceFile?, range: SourceRange?) {
        self.source = source
        self.range = range
    }

    public static let none = ErrorPosition(source: nil, range: nil)
}

/// An error record, as pwsh's ErrorRecord: the exception (its .NET type name and
/// message), a fully qualified id, a category and where it happened.
public final class ErrorRecord: PSObjectBase, Error {
    /// Its number among the errors the session recorded (0: not recorded).
    var serial = 0
    public var exceptionType: String
    public var message: String
    public var fullyQualifiedErrorId: String
    public var category: ErrorCategory
    public var targetObject: Value
    public var position: ErrorPosition
    /// The command that reported it (for ConciseView's `Name: ` prefix).
    public var commandName: String?
    /// The value thrown by `throw $obj` (when not a string).
    public var thrownValue: Value?
    /// Raised by `throw` with a string or value: ConciseView calls it "Exception".
    public var wasThrown = false
    /// Raised by any `throw`: it ends the script unless caught.
    var isThrow = false
    /// A non-terminating error made terminating by `-ErrorAction Stop`: catchable as an
    /// ActionPreferenceStopException, while `$_` stays the original error.
    var stoppedByPreference = false
    /// Ends the script (throw, or ErrorAction Stop), not just the statement.
    public var terminatesScript = false
    /// The name the command was invoked by (the unknown name for command-not-found).
    public var invocationName: String?
    /// CategoryInfo.Activity (Write-Error sets it), and Write-Error's other overrides of
    /// CategoryInfo.
    public var activity: String?
    public var reason: String?
    public var targetName: String?
    public var targetType: String?
    /// ErrorDetails.Message and RecommendedAction.
    public var detailsMessage: String?
    public var recommendedAction: String?
    /// Properties of the .NET exception beyond Message (ArgumentException's ParamName).
    public var exceptionProperties: [String: Value] = [:]
    /// The .NET exception inside (1/0's DivideByZeroException, a method's FormatException).
    public var innerType: String?
    public var innerMessage: String?
    /// Made by `[SomeException]::new(…)`: an exception value, not yet an error.
    var isExceptionValue = false
    /// Raised while evaluating an expression: pwsh places it at the enclosing statement
    /// (its "sequence point"), which the statement runner fills in.
    var atSequencePoint = false

    public init(_ exceptionType: String, _ message: String, id: String, category: ErrorCategory = .notSpecified,
                target: Value = .null, position: ErrorPosition = .none, command: String? = nil) {
        self.exceptionType = exceptionType
        self.message = message
        self.fullyQualifiedErrorId = id
        self.category = category
        self.targetObject = target
        self.position = position
        self.commandName = command
    }

    // An exception value (`[ArgumentException]::new(…)`) is an exception to a script: its
    // type, members and text are the exception's (ExceptionObject), not a record's.
    public override var typeName: String { isExceptionValue ? exceptionType : "System.Management.Automation.ErrorRecord" }
    public override var typeNames: [String] {
        isExceptionValue ? ExceptionObject(self).typeNames : super.typeNames
    }
    /// ErrorDetails' message, when there is one, is what the record says.
    public override func toString(_ context: ConversionContext) -> String {
        isExceptionValue ? ExceptionObject(self).toString(context) : detailsMessage ?? message
    }
    public override var propertyNames: [String] {
        if isExceptionValue { return ExceptionObject(self).propertyNames }
        return ["Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId", "InvocationInfo", "ScriptStackTrace"]
    }

    /// The exception's short type name (`RuntimeException`).
    public var exceptionShortName: String {
        String(exceptionType.split(separator: ".").last ?? Substring(exceptionType))
    }

    public var categoryInfo: String {
        let targetText: String
        switch targetObject {
        case .null: targetText = ""
        case .string(let s): targetText = s
        default: targetText = Convert.toString(targetObject, ConversionContext())
        }
        let targetType = self.targetType
            ?? (targetObject.isNull ? "" : Convert.typeName(targetObject).split(separator: ".").last.map(String.init) ?? "")
        let activity = self.activity ?? commandName ?? ""
        return "\(category.rawValue): (\(targetName ?? targetText):\(targetType)) [\(activity)], \(reason ?? exceptionShortName)"
    }

    /// The exception that carries this one out of a cmdlet (CmdletInvocationException): a
    /// catch of that type takes the record, and sees this record as `$_`.
    var wrapperType: String?

    /// The inner exception's own record, when it has one (a ParseException inside a
    /// MethodInvocationException: `$_.Exception.InnerException.ErrorRecord`).
    var innerRecord: ErrorRecord?

    /// For an ActionPreferenceStopException: the error that Stop turned terminating
    /// (its `ErrorRecord` property).
    var stoppedRecord: ErrorRecord?

    /// Raised by `$PSCmdlet.ThrowTerminatingError`: it ends the whole command (its
    /// pipeline in the caller), not just the statement of the function it was raised in.
    var endsCommand = false

    /// pwsh's CommandProcessorBase.ManageInvocationException: an error leaving a cmdlet's
    /// begin, process or end travels in a CmdletInvocationException, unless it came from
    /// `throw`, was made terminating by -ErrorAction Stop, is a call-depth overflow or is
    /// already carried so.
    func leavingCmdlet() {
        guard wrapperType == nil, !isThrow, !wasThrown, !stoppedByPreference,
              !exceptionType.hasSuffix("ScriptCallDepthException"), !exceptionType.hasSuffix("CmdletInvocationException") else { return }
        wrapperType = "System.Management.Automation.CmdletInvocationException"
    }

    /// The record as a catch or trap for the inner exception sees it.
    func unwrapped() -> ErrorRecord {
        guard let innerType else { return self }
        let r = ErrorRecord(innerType, innerMessage ?? message, id: fullyQualifiedErrorId, category: category,
                            target: targetObject, position: position, command: commandName)
        r.activity = activity
        r.invocationName = invocationName
        return r
    }
}

/// pwsh's ErrorCategory names.
public enum ErrorCategory: String, CaseIterable {
    case notSpecified = "NotSpecified"
    case invalidArgument = "InvalidArgument"
    case invalidData = "InvalidData"
    case invalidOperation = "InvalidOperation"
    case invalidType = "InvalidType"
    case objectNotFound = "ObjectNotFound"
    case operationStopped = "OperationStopped"
    case parserError = "ParserError"
    case permissionDenied = "PermissionDenied"
    case resourceUnavailable = "ResourceUnavailable"
    case syntaxError = "SyntaxError"
    case writeError = "WriteError"
    case readError = "ReadError"
    case notImplemented = "NotImplemented"
    case limitsExceeded = "LimitsExceeded"
    case resourceExists = "ResourceExists"
    case deviceError = "DeviceError"
    case connectionError = "ConnectionError"
    case closeError = "CloseError"
    case metadataError = "MetadataError"
}

/// Control flow that unwinds Swift frames: loops catch break/continue, calls catch
/// return, the host catches exit.
enum FlowSignal: Error {
    case breakLoop(label: String?)
    case continueLoop(label: String?)
    case returnFromCall
    case exit(code: Int32)

    /// `return`, thrown on most calls: one error box made once, so that a return
    /// allocates nothing and its catcher can know it by identity instead of a cast.
    static let returning: any Error = FlowSignal.returnFromCall

    @inline(__always) static func isReturning(_ error: any Error) -> Bool {
        if isSharedReturn(error) { return true }
        if case .returnFromCall? = error as? FlowSignal { return true }
        return false
    }

    /// `error` is the `returning` box itself.
    @inline(__always) static func isSharedReturn(_ error: any Error) -> Bool {
        unsafeBitCast(error, to: UnsafeRawPointer.self) == unsafeBitCast(returning, to: UnsafeRawPointer.self)
    }
}
