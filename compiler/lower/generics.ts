/**
 * Type arguments of generic calls, for monomorphization: read off the resolved (instantiated)
 * signature by matching it against the generic declaration, or taken from explicit type arguments.
 */
import { ts } from "../ts-morph.js";

/** Binds the type parameters occurring in `generic` to the corresponding parts of `concrete`. */
export function unify(generic: ts.Type, concrete: ts.Type, checker: ts.TypeChecker, bindings: Map<ts.Type, ts.Type>, depth = 0): void {
  if (depth > 20) return;
  const flags = generic.getFlags();
  if (flags & ts.TypeFlags.TypeParameter) {
    if (!bindings.has(generic)) bindings.set(generic, concrete);
    return;
  }
  if (generic.isUnion()) {
    // T | undefined against number | undefined: match the parts that are not shared.
    const concreteMembers = concrete.isUnion() ? concrete.types : [concrete];
    const genericRest = generic.types.filter((g) => !concreteMembers.includes(g));
    const concreteRest = concreteMembers.filter((c) => !generic.types.includes(c));
    // A shared member naming type parameters (a recursive call passing `List<T> | null` on) binds them to themselves.
    for (const shared of generic.types) if (concreteMembers.includes(shared)) unify(shared, shared, checker, bindings, depth + 1);
    if (genericRest.length === 1 && concreteRest.length >= 1) {
      const target = concreteRest.length === 1 ? concreteRest[0]! : concrete;
      unify(genericRest[0]!, target, checker, bindings, depth + 1);
    }
    return;
  }
  if (flags & ts.TypeFlags.Object && concrete.getFlags() & ts.TypeFlags.Object) {
    const genericRef = generic as ts.TypeReference;
    const concreteRef = concrete as ts.TypeReference;
    if (genericRef.target && concreteRef.target && genericRef.target === concreteRef.target) {
      const a = checker.getTypeArguments(genericRef);
      const b = checker.getTypeArguments(concreteRef);
      a.forEach((t, i) => b[i] && unify(t, b[i]!, checker, bindings, depth + 1));
      return;
    }
    const genericSignatures = generic.getCallSignatures();
    const concreteSignatures = concrete.getCallSignatures();
    if (genericSignatures.length === 1 && concreteSignatures.length === 1) {
      const g = genericSignatures[0]!;
      const c = concreteSignatures[0]!;
      g.getParameters().forEach((p, i) => {
        const q = c.getParameters()[i];
        if (q) unify(checker.getTypeOfSymbol(p), checker.getTypeOfSymbol(q), checker, bindings, depth + 1);
      });
      unify(g.getReturnType(), c.getReturnType(), checker, bindings, depth + 1);
      return;
    }
    if (generic.aliasSymbol && generic.aliasSymbol === concrete.aliasSymbol) {
      (generic.aliasTypeArguments ?? []).forEach((t, i) => {
        const other = concrete.aliasTypeArguments?.[i];
        if (other) unify(t, other, checker, bindings, depth + 1);
      });
      return;
    }
    for (const property of checker.getPropertiesOfType(generic)) {
      const counterpart = checker.getPropertyOfType(concrete, property.getName());
      if (counterpart) unify(checker.getTypeOfSymbol(property), checker.getTypeOfSymbol(counterpart), checker, bindings, depth + 1);
    }
  }
}

/**
 * The concrete type of each type parameter of `declaration` at `call`: explicit type arguments
 * first, then what the checker inferred (matched from the instantiated signature).
 */
export function typeArgumentsAt(
  declaration: ts.SignatureDeclaration,
  call: ts.CallExpression | ts.NewExpression,
  checker: ts.TypeChecker,
): Map<ts.Type, ts.Type> {
  const bindings = new Map<ts.Type, ts.Type>();
  const parameters = (declaration.typeParameters ?? []).map((p) => checker.getTypeAtLocation(p));
  call.typeArguments?.forEach((node, i) => {
    const parameter = parameters[i];
    if (parameter) bindings.set(parameter, checker.getTypeFromTypeNode(node));
  });
  const generic = checker.getSignatureFromDeclaration(declaration);
  const resolved = checker.getResolvedSignature(call);
  if (generic && resolved) {
    generic.getParameters().forEach((p, i) => {
      const q = resolved.getParameters()[i];
      if (q) unify(checker.getTypeOfSymbol(p), checker.getTypeOfSymbolAtLocation(q, call), checker, bindings);
    });
    unify(checker.getReturnTypeOfSignature(generic), checker.getReturnTypeOfSignature(resolved), checker, bindings);
  }
  return bindings;
}
