import VishSyntax

/// The errors the engine raises, with pwsh's texts and ids.
enum Errors {
    static func commandNotFound(_ name: String, _ position: ErrorPosition) -> ErrorRecord {
        let r = ErrorRecord("System.Management.Automation.CommandNotFoundException",
                    "The term '\(name)' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                    id: "CommandNotFoundException", category: .objectNotFound, target: .string(name), position: position)
        r.invocationName = name
        return r
    }

    static func binding(_ message: String, id: String, _ command: String, _ position: ErrorPosition,
                        exception: String = "System.Management.Automation.ParameterBindingException") -> ErrorRecord {
        let r = ErrorRecord(exception, message, id: command.isEmpty ? id : "\(id),\(command)",
                            category: .invalidArgument, position: position, command: command.isEmpty ? nil : command)
        return r
    }

    static func runtime(_ message: String, id: String, _ position: ErrorPosition,
                        category: ErrorCategory = .invalidOperation,
                        exception: String = "System.Management.Automation.RuntimeException") -> ErrorRecord {
        let r = ErrorRecord(exception, message, id: id, category: category, position: position)
        r.atSequencePoint = true
        return r
    }

    static func invalidOperation(_ message: String, _ position: ErrorPosition) -> ErrorRecord {
        runtime(message, id: "InvalidOperation", position)
    }

    static func callDepthOverflow(_ position: ErrorPosition) -> ErrorRecord {
        ErrorRecord("System.Management.Automation.ScriptCallDepthException", "The script failed due to call depth overflow.",
                    id: "CallDepthOverflow", category: .invalidOperation, position: position)
    }

    static func divideByZero(_ position: ErrorPosition) -> ErrorRecord {
        let r = ErrorRecord("System.Management.Automation.RuntimeException", "Attempted to divide by zero.",
                            id: "RuntimeException", category: .notSpecified, position: position)
        r.innerType = "System.DivideByZeroException"
        r.innerMessage = "Attempted to divide by zero."
        r.atSequencePoint = true
        return r
    }

    /// How .NET spells the methods scripts call most (the error names the method, not
    /// the script's spelling of it).
    static let methodDisplayNames: [String: String] = Dictionary(uniqueKeysWithValues: [
        "Parse", "ParseExact", "TryParse", "Round", "Floor", "Ceiling", "Max", "Min", "Abs", "Pow", "Sqrt", "Truncate",
        "Match", "Matches", "IsMatch", "Escape", "Unescape", "Join", "Format", "Concat", "IsNullOrEmpty",
        "IsNullOrWhiteSpace", "NewGuid", "ToString", "GetType", "Add", "AddDays", "AddHours", "AddMinutes",
        "AddSeconds", "AddMonths", "AddYears", "Remove", "RemoveAt", "Insert", "Clear", "Contains", "ContainsKey",
        "IndexOf", "ToInt32", "ToInt64", "ToDouble", "ChangeType", "ReadAllText", "ReadAllLines", "WriteAllText",
        "Exists", "GetFiles", "Combine", "GetFileName", "GetExtension", "Invoke", "Sort", "Reverse", "Copy",
    ].map { ($0.lowercased(), $0) })

    /// A .NET method that failed: `Exception calling "M" with "n" argument(s): "…"`.
    static func methodInvocation(_ name: String, _ argCount: Int, _ e: MethodError, _ position: ErrorPosition) -> ErrorRecord {
        let r = ErrorRecord("System.Management.Automation.MethodInvocationException",
                            "Exception calling \"\(methodDisplayNames[name.lowercased()] ?? StringMethods.displayNames[name.lowercased()] ?? name)\" with \"\(argCount)\" argument(s): \"\(e.message)\"",
                            id: e.id, category: .notSpecified, position: position)
        r.innerType = e.id.contains(".") ? e.id : "System." + e.id
        r.innerMessage = e.message
        r.atSequencePoint = true
        return r
    }

    /// `throw $value`: a string becomes the message; an ErrorRecord is rethrown.
    static func thrown(_ value: Value, _ position: ErrorPosition) -> ErrorRecord {
        switch value.normalized {
        case .object(let r as ErrorRecord) where r.isExceptionValue:
            // `throw [ArgumentException]::new('m')`: the message is the error id.
            let e = ErrorRecord(r.exceptionType, r.message, id: r.message, category: .operationStopped, position: position)
            e.innerType = r.innerType
            e.innerMessage = r.innerMessage
            e.exceptionProperties = r.exceptionProperties
            e.isThrow = true
            return e
        case .object(let r as ErrorRecord):
            r.wasThrown = true
            r.isThrow = true
            return r
        case .null:
            let r = ErrorRecord("System.Management.Automation.RuntimeException", "ScriptHalted", id: "ScriptHalted",
                                category: .operationStopped, position: position)
            r.wasThrown = true
            r.isThrow = true
            return r
        default:
            let text = Convert.toString(value, ConversionContext())
            let r = ErrorRecord("System.Management.Automation.RuntimeException", text, id: text,
                                category: .operationStopped, target: value, position: position)
            if case .string = value {} else { r.thrownValue = value }
            r.wasThrown = true
            r.isThrow = true
            return r
        }
    }

    static func conversion(_ value: Value, _ type: String, _ detail: String?, _ position: ErrorPosition) -> ErrorRecord {
        let shown = Convert.toString(value, ConversionContext())
        var message = "Cannot convert value \"\(shown)\" to type \"\(type)\"."
        // Objects that are not text or numbers are named by their type.
        if detail == nil, case .object(let o) = value.normalized, o.isEnumerable || o is PSHashtable || o is PSCustomObject {
            message = "Cannot convert the \"\(o.toString(ConversionContext()))\" value of type \"\(o.typeName)\" to type \"\(type)\"."
        }
        if let detail { message += " Error: \"\(detail)\"" }
        let r = ErrorRecord("System.Management.Automation.PSInvalidCastException", message,
                            id: detail == nil ? "ConvertToFinalInvalidCastException" : "InvalidCastParseTargetInvocation",
                            category: .invalidArgument, target: value, position: position)
        r.atSequencePoint = true
        return r
    }
}

/// Sizes a value may not exceed: a script that asks for more gets an error, not a
/// process killed for want of memory.
enum Limits {
    static let maxElements = 50_000_000
    static let maxStringLength = 1 << 30

    static func check(elements n: Int, _ position: ErrorPosition) throws {
        if n > maxElements || n < 0 {
            throw Errors.runtime("Array dimensions exceeded supported range.", id: "OutOfMemoryException", position,
                                 category: .notSpecified, exception: "System.OutOfMemoryException")
        }
    }

    static func check(length n: Int, _ position: ErrorPosition) throws {
        if n > maxStringLength || n < 0 {
            throw Errors.runtime("Exception of type 'System.OutOfMemoryException' was thrown.", id: "OutOfMemoryException",
                                 position, category: .notSpecified, exception: "System.OutOfMemoryException")
        }
    }
}

/// The validation attributes of a parameter.
enum Validation {
    static func check(_ p: ParameterInfo, _ v: Value, _ command: String, _ position: ErrorPosition,
                      scope: Scope? = nil) throws {
        /// The attribute's own ErrorMessage when it has one ({0} the item, {1} the rule).
        func custom(_ attribute: String, _ item: String, _ rule: String) -> String? {
            guard let format = p.validationMessages[attribute] else { return nil }
            return (try? CompositeFormat.format(format, [.string(item), .string(rule)])) ?? format
        }
        func fail(_ message: String, _ id: String) -> ErrorRecord {
            Errors.binding("Cannot validate argument on parameter '\(p.name)'. \(message)", id: id, command, position,
                           exception: "System.Management.Automation.ParameterBindingValidationException")
        }
        if p.sets.contains(where: { $0.mandatory }) {
            func refuse(_ why: String, _ id: String) -> ErrorRecord {
                Errors.binding("Cannot bind argument to parameter '\(p.name)' because it is \(why).", id: id, command, position,
                               exception: "System.Management.Automation.ParameterBindingValidationException")
            }
            if v.isNullish && !p.allowNull && !p.isSwitch {
                throw refuse("null", "ParameterArgumentValidationErrorNullNotAllowed")
            }
            if case .string(let s) = v, s.isEmpty, !p.allowEmptyString, !p.allowNull {
                throw refuse("an empty string", "ParameterArgumentValidationErrorEmptyStringNotAllowed")
            }
            if case .object(let o) = v, o.isEnumerable, !(o is PSHashtable), o.enumerate().isEmpty, !p.allowEmptyCollection {
                throw refuse("an empty array", "ParameterArgumentValidationErrorEmptyArrayNotAllowed")
            }
        }
        if p.validateNotNullOrEmpty || p.validateNotNull {
            if v.isNullish {
                if !p.validateNotNullOrEmpty {
                    throw fail("The argument is null. Provide a valid value for the argument, and then try running the command again.", "ParameterArgumentValidationError")
                }
                throw fail("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.", "ParameterArgumentValidationError")
            }
            if p.validateNotNullOrEmpty, case .string(let s) = v, s.isEmpty {
                throw fail("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.", "ParameterArgumentValidationError")
            }
        }
        let items: [Value]
        if case .object(let o) = v, o.isEnumerable { items = o.enumerate() } else { items = [v] }
        if let (lo, hi) = p.validateCount, items.count < lo || items.count > hi {
            throw fail("The parameter requires at least \(lo) value(s) and no more than \(hi) value(s) - \(items.count) value(s) were provided.",
                       "ParameterArgumentValidationError")
        }
        if let (lo, hi) = p.validateLength {
            for item in items {
                let n = Convert.toString(item, ConversionContext()).utf16.count
                if n > hi {
                    throw fail("The character length (\(n)) of the argument is too long. Specify an argument with a length that is shorter than or equal to \"\(hi)\", and then try the command again.",
                               "ParameterArgumentValidationError")
                }
                if n < lo {
                    throw fail("The character length (\(n)) of the argument is too short. Specify an argument with a length that is greater than or equal to \"\(lo)\", and then try the command again.",
                               "ParameterArgumentValidationError")
                }
            }
        }
        if let block = p.validateScript, let scope {
            for item in items {
                let child = Scope(parent: scope, symbols: block.symbols, context: scope.context)
                let r = try ScriptBlockInvoker.invokeDotSourced(block, child, dollarUnder: item)
                if !Convert.toBool(r) {
                    let text = block.source.text(of: block.ast.range)
                    let body = text.hasPrefix("{") && text.hasSuffix("}") ? String(text.dropFirst().dropLast()) : text
                    let itemText = Convert.toString(item, ConversionContext())
                    if let m = custom("validatescript", itemText, body) { throw fail(m, "ParameterArgumentValidationError") }
                    throw fail("The \"\(body)\" validation script for the argument with value \"\(Convert.toString(item, ConversionContext()))\" did not return a result of True. Determine why the validation script failed, and then try the command again.",
                               "ParameterArgumentValidationError")
                }
            }
        }
        if let set = p.validateSet {
            for item in items {
                let text = Convert.toString(item, ConversionContext())
                let ok = set.contains { p.validateSetIgnoreCase ? $0.caseInsensitiveCompare(text) == .orderedSame : $0 == text }
                if !ok {
                    if let m = custom("validateset", text, set.joined(separator: ",")) { throw fail(m, "ParameterArgumentValidationError") }
                    throw fail("The argument \"\(text)\" does not belong to the set \"\(set.joined(separator: ","))\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                               "ParameterArgumentValidationError")
                }
            }
        }
        if let (lo, hi) = p.validateRange {
            for item in items {
                guard let d = try? Convert.toDouble(item, position) else { continue }
                if d < lo {
                    throw fail("The \(Convert.toString(item, ConversionContext())) argument is less than the minimum allowed range of \(NumberFormatting.double(lo)). Supply an argument that is greater than or equal to \(NumberFormatting.double(lo)) and then try the command again.",
                               "ParameterArgumentValidationError")
                }
                if d > hi {
                    throw fail("The \(Convert.toString(item, ConversionContext())) argument is greater than the maximum allowed range of \(NumberFormatting.double(hi)). Supply an argument that is less than or equal to \(NumberFormatting.double(hi)) and then try the command again.",
                               "ParameterArgumentValidationError")
                }
            }
        }
        if let pattern = p.validatePattern {
            for item in items {
                let text = Convert.toString(item, ConversionContext())
                if !(try Matching.isMatch(text, pattern, caseSensitive: false, position)) {
                    if let m = custom("validatepattern", text, pattern) { throw fail(m, "ParameterArgumentValidationError") }
                    throw fail("The argument \"\(text)\" does not match the \"\(pattern)\" pattern. Supply an argument that matches \"\(pattern)\" and try the command again.",
                               "ParameterArgumentValidationError")
                }
            }
        }
    }
}
