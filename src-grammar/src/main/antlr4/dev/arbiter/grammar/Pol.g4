/*
 * The grammar of Arbiter's policy language (.pol) and its test files (.poltest).
 *
 * Conventions (after Trino's SqlBase.g4): every alternative is labelled, every
 * sub-rule is named, and each entry point is a `standalone... EOF` rule. The
 * parser never recovers from errors; policy-dsl's AST builder is the only code
 * that sees the generated types.
 */
grammar Pol;

// ---------------------------------------------------------------- entry points

standalonePolicyFile
    : packageDeclaration importDeclaration* declaration* EOF
    ;

standaloneTestFile
    : testCase* EOF
    ;

standaloneExpression
    : expression EOF
    ;

// ---------------------------------------------------------------- files

packageDeclaration
    : PACKAGE qualifiedName
    ;

importDeclaration
    : IMPORT qualifiedName (AS alias=identifier)?
    ;

qualifiedName
    : identifier ('.' identifier)*
    ;

declaration
    : schemaDeclaration                                                     #schemaDeclarationAlternative
    | definition                                                            #definitionAlternative
    | policySet                                                             #policySetAlternative
    | policy                                                                #policyAlternative
    ;

// ---------------------------------------------------------------- schema

schemaDeclaration
    : SCHEMA '{' schemaMember* '}'
    ;

schemaMember
    : role=(SUBJECT | RESOURCE | ENTITY) name=anyName parentTypes? body=recordType?   #entityTypeMember
    | ACTION STRING (',' STRING)*                                           #actionNamesMember
    | ACTION body=recordType                                                #actionPropertiesMember
    | CONTEXT body=recordType                                               #contextMember
    | DATA name=anyName ':' type                                            #dataMember
    | kind=(OBLIGATION | ADVICE) name=anyName
        '(' (parameter (',' parameter)* ','?)? ')'                          #directiveMember
    ;

parentTypes
    : IN '[' anyName (',' anyName)* ','? ']'
    ;

parameter
    : name=anyName optional='?'? ':' type
    ;

recordType
    : '{' (attributeDeclaration (',' attributeDeclaration)* ','?)? '}'
    ;

attributeDeclaration
    : name=attributeName optional='?'? ':' type
    ;

type
    : recordType                                                            #recordTypeAlternative
    | name=anyName ('<' argument=type '>')?                              #namedType
    ;

// ---------------------------------------------------------------- definitions and policies

definition
    : DEF name=identifier '=' expression
    ;

policySet
    : annotation* POLICYSET id=STRING combining?
        '{' target? letBinding* effectDirective* policySetMember* '}'
    ;

policySetMember
    : policySet                                                             #nestedPolicySet
    | policy                                                                #nestedPolicy
    ;

policy
    : annotation* POLICY id=STRING combining?
        '{' target? letBinding* effectDirective* policyRule* '}'
    ;

combining
    : COMBINE algorithmWord ('-' algorithmWord)*
    ;

algorithmWord
    : identifier
    | PERMIT
    | DENY
    ;

target
    : TARGET expression
    ;

letBinding
    : LET name=identifier '=' expression
    ;

effectDirective
    : ON effect directive
    ;

policyRule
    : annotation* effect id=STRING? letBinding* (WHEN condition=expression)? directive*
    ;

effect
    : PERMIT
    | DENY
    ;

directive
    : kind=(OBLIGATION | ADVICE) name=anyName
        '(' (namedArgument (',' namedArgument)* ','?)? ')'
    ;

namedArgument
    : name=anyName ':' expression
    ;

annotation
    : '@' name=anyName '(' value=STRING ')'
    ;

// ---------------------------------------------------------------- tests

testCase
    : annotation* TEST name=STRING '{' testRequestPart* expectation '}'
    ;

testRequestPart
    : SUBJECT entityType=anyName id=STRING recordLiteral?                #testSubject
    | ACTION name=STRING recordLiteral?                                     #testAction
    | RESOURCE entityType=anyName id=STRING recordLiteral?               #testResource
    | CONTEXT recordLiteral                                                 #testContext
    ;

expectation
    : EXPECT decision=expectedDecision expectationDetail*
    ;

expectedDecision
    : PERMIT
    | DENY
    | identifier
    ;

expectationDetail
    : kind=(OBLIGATION | ADVICE) name=anyName
        ('(' (namedArgument (',' namedArgument)* ','?)? ')')?               #expectedDirective
    | REASON STRING                                                         #expectedReason
    ;

// ---------------------------------------------------------------- expressions
// Earlier alternatives bind tighter, each on a level of its own: postfix access,
// negation, `*`, `+`/`-`, `..`, comparisons, `in`, `has`, `is`, `not`, `and`,
// `or`, `if`. `..` builds a range, legal only on the right of `in`.

expression
    : primary                                                               #primaryExpression
    | base=expression '.' name=anyName '(' arguments? ')'                 #methodCall
    | base=expression '.' name=anyName                                    #memberAccess
    | base=expression '[' index=expression ']'                            #indexAccess
    | '-' operand=expression                                                #negation
    | left=expression operator='*' right=expression                         #multiplicative
    | left=expression operator=('+' | '-') right=expression                 #additive
    | left=expression '..' right=expression                                 #range
    | left=expression
        operator=('==' | '!=' | '<' | '<=' | '>' | '>=') right=expression   #comparison
    | left=expression IN right=expression                                   #membership
    | base=expression HAS name=attributeName                              #hasAttribute
    | base=expression IS entityType=anyName                            #isType
    | NOT operand=expression                                                #logicalNot
    | left=expression AND right=expression                                  #logicalAnd
    | left=expression OR right=expression                                   #logicalOr
    | IF condition=expression THEN thenBranch=expression
        ELSE elseBranch=expression                                          #conditional
    ;

primary
    : literal                                                               #literalPrimary
    | '(' expression ')'                                                    #parenthesized
    | '[' (expression (',' expression)* ','?)? ']'                          #setLiteral
    | recordLiteral                                                         #recordPrimary
    | entityType=anyName '::' id=STRING                                  #entityReference
    | function=identifier '(' arguments? ')'                                #functionCall
    | root=(SUBJECT | ACTION | RESOURCE | CONTEXT | DATA)                   #rootReference
    | name=identifier                                                       #nameReference
    ;

recordLiteral
    : '{' (recordEntry (',' recordEntry)* ','?)? '}'
    ;

recordEntry
    : key=attributeName ':' value=expression
    ;

arguments
    : expression (',' expression)*
    ;

literal
    : TRUE                                                                  #trueLiteral
    | FALSE                                                                 #falseLiteral
    | INTEGER                                                               #integerLiteral
    | DECIMAL                                                               #decimalLiteral
    | STRING                                                                #stringLiteral
    ;

// ---------------------------------------------------------------- names

// A name that may refer to something: keywords that cannot start or continue
// an expression are usable as names.
identifier
    : IDENTIFIER
    | nonReserved
    ;

nonReserved
    : PACKAGE | IMPORT | AS | SCHEMA | ENTITY | DEF | POLICY | POLICYSET
    | COMBINE | TARGET | ON | OBLIGATION | ADVICE | TEST | EXPECT | REASON
    ;

// A name after `.`, a record key, an attribute or argument name: any word.
anyName
    : identifier
    | TRUE | FALSE | NOT | AND | OR | IN | HAS | IS | IF | THEN | ELSE
    | SUBJECT | ACTION | RESOURCE | CONTEXT | DATA | PERMIT | DENY | LET | WHEN
    ;

attributeName
    : anyName
    | STRING
    ;

// ---------------------------------------------------------------- lexer

PACKAGE: 'package';
IMPORT: 'import';
AS: 'as';
SCHEMA: 'schema';
SUBJECT: 'subject';
RESOURCE: 'resource';
ACTION: 'action';
CONTEXT: 'context';
ENTITY: 'entity';
DATA: 'data';
DEF: 'def';
POLICYSET: 'policyset';
POLICY: 'policy';
COMBINE: 'combine';
TARGET: 'target';
LET: 'let';
ON: 'on';
PERMIT: 'permit';
DENY: 'deny';
WHEN: 'when';
OBLIGATION: 'obligation';
ADVICE: 'advice';
TEST: 'test';
EXPECT: 'expect';
REASON: 'reason';
TRUE: 'true';
FALSE: 'false';
NOT: 'not';
AND: 'and';
OR: 'or';
IN: 'in';
HAS: 'has';
IS: 'is';
IF: 'if';
THEN: 'then';
ELSE: 'else';

EQ: '==';
NEQ: '!=';
LTE: '<=';
GTE: '>=';
LT: '<';
GT: '>';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
RANGE: '..';
DOUBLE_COLON: '::';

IDENTIFIER: [A-Za-z_] [A-Za-z0-9_]*;

DECIMAL: [0-9]+ '.' [0-9]+;

INTEGER: [0-9]+;

// Escapes are validated by the AST builder, which can point at the bad one.
STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';

// A string that reaches the end of its line: reported as unterminated.
UNTERMINATED_STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?;

LINE_COMMENT: '//' ~[\r\n]* -> channel(HIDDEN);

BLOCK_COMMENT: '/*' (~'*' | '*'+ ~[*/])* '*'+ '/' -> channel(HIDDEN);

UNTERMINATED_BLOCK_COMMENT: '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;

WS: [ \t\r\n\u000C]+ -> channel(HIDDEN);

// Anything else: one token per character, reported by the parser front end.
UNRECOGNIZED: .;
