/// `-OutVariable` and `-PipelineVariable`: a command's output is also kept in a
/// variable (an ArrayList, `+name` appends) or set in one, item by item, as it passes.
final class CommonOutputSink: Sink {
    let next: Sink
    let outList: PSList?
    let pipelineVariable: PSVariable?

    init(next: Sink, outList: PSList?, pipelineVariable: PSVariable?) {
        self.next = next
        self.outList = outList
        self.pipelineVariable = pipelineVariable
    }

    func emit(_ value: Value) throws {
        outList?.items.append(value)
        pipelineVariable?.value = value
        try next.emit(value)
    }

    /// `+name`: the variable's current contents as a list to append to.
    static func appendable(_ current: Value?) -> PSList {
        switch current?.normalized {
        case .object(let l as PSList)?: return l
        case nil, .null?: return PSList(kind: .arrayList)
        case .object(let o)? where o.isEnumerable: return PSList(kind: .arrayList, o.enumerate())
        case let v?: return PSList(kind: .arrayList, [v])
        }
    }

    /// Wraps `output` when the common parameters ask for it; defines the variables in `scope`.
    static func wrap(_ output: Sink, _ common: CommonParameters, _ scope: Scope) -> Sink {
        guard common.outVariable != nil || common.pipelineVariable != nil else { return output }
        var list: PSList? = nil
        if var spec = common.outVariable {
            let appending = spec.hasPrefix("+")
            if appending { spec.removeFirst() }
            let (target, name) = scope.qualified(spec)
            let l = appending ? CommonOutputSink.appendable(target.lookup(name.lowercased())?.value) : PSList(kind: .arrayList)
            target.assign(name, .object(l))
            list = l
        }
        var pv: PSVariable? = nil
        if let name = common.pipelineVariable {
            scope.assign(name, .null)
            pv = scope.lookup(name.lowercased())
        }
        return CommonOutputSink(next: output, outList: list, pipelineVariable: pv)
    }
}
