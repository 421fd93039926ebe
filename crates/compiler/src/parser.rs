//! Recursive-descent parser for Pharo Smalltalk methods, doIts and expressions.
//!
//! Precedence: unary > binary > keyword; a cascade (`;`) sends each further message to
//! the receiver of the last message of the first chain. A `-` directly followed by a
//! number (no space) in operand position is a negative literal. Nesting is capped at
//! [`MAX_DEPTH`] so that no input can overflow the stack here or in later passes.
//! Literal forms are parsed in [`literals`].

mod literals;

use crate::ast::{
    AssignmentNode, BlockNode, CascadeNode, Expression, Identifier, LiteralValue, Message, Method,
    SendNode, Statement,
};
use crate::error::CompileError;
use crate::lexer::tokenize;
use crate::token::{Token, TokenKind};

/// Deepest expression nesting accepted (message chains count one level per message,
/// blocks [`BLOCK_DEPTH`] levels), small enough for a 2 MB thread stack in debug builds.
pub const MAX_DEPTH: usize = 256;

/// Nesting units a block costs (blocks recurse deeper in code generation).
const BLOCK_DEPTH: usize = 3;

/// Names that cannot be declared as arguments or temporaries.
const RESERVED: [&str; 6] = ["self", "super", "thisContext", "true", "false", "nil"];

/// Parses a method definition (`selector pattern`, pragmas, temporaries, statements).
pub fn parse_method(source: &str) -> Result<Method, CompileError> {
    let mut parser = Parser::new(source)?;
    let (selector, arguments) = parser.method_pattern()?;
    let mut method = parser.method_body(selector, arguments)?;
    method.block_count = parser.block_count;
    Ok(method)
}

/// Parses a doIt: optional `| temps |` then statements; the selector is `DoIt`.
pub fn parse_doit(source: &str) -> Result<Method, CompileError> {
    let mut parser = Parser::new(source)?;
    let mut method = parser.method_body("DoIt".to_string(), Vec::new())?;
    method.block_count = parser.block_count;
    Ok(method)
}

/// Parses a single expression (no statements, no temporaries).
pub fn parse_expression(source: &str) -> Result<Expression, CompileError> {
    let mut parser = Parser::new(source)?;
    let expression = parser.expression()?;
    parser.expect_end()?;
    Ok(expression)
}

/// Parser state over the token list.
pub(crate) struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    position: usize,
    depth: usize,
    block_count: usize,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Result<Self, CompileError> {
        Ok(Parser {
            source,
            tokens: tokenize(source)?,
            position: 0,
            depth: 0,
            block_count: 0,
        })
    }

    // ----- token access -----

    fn current(&self) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[self.position.min(last)]
    }

    fn peek_kind(&self, ahead: usize) -> &TokenKind {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.position + ahead).min(last)].kind
    }

    fn advance(&mut self) -> Token {
        let token = self.current().clone();
        if self.position < self.tokens.len() - 1 {
            self.position += 1;
        }
        token
    }

    fn error_here(&self, message: impl Into<String>) -> CompileError {
        CompileError::at(self.source, self.current().start, message)
    }

    fn expected(&self, what: &str) -> CompileError {
        self.error_here(format!(
            "{what} expected, found {}",
            self.current().kind.describe()
        ))
    }

    fn at_binary(&self, selector: &str) -> bool {
        matches!(&self.current().kind, TokenKind::Binary(b) if b == selector)
    }

    fn expect(&mut self, kind: &TokenKind, what: &str) -> Result<Token, CompileError> {
        if &self.current().kind == kind {
            Ok(self.advance())
        } else {
            Err(self.expected(what))
        }
    }

    fn expect_end(&self) -> Result<(), CompileError> {
        if self.current().kind == TokenKind::End {
            Ok(())
        } else {
            Err(self.error_here(format!(
                "Nothing more expected, found {}",
                self.current().kind.describe()
            )))
        }
    }

    fn enter(&mut self) -> Result<(), CompileError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("Expression nested too deeply"));
        }
        Ok(())
    }

    fn leave(&mut self, levels: usize) {
        self.depth -= levels;
    }

    // ----- method structure -----

    fn method_pattern(&mut self) -> Result<(String, Vec<Identifier>), CompileError> {
        match self.current().kind.clone() {
            TokenKind::Identifier(name) => {
                self.advance();
                Ok((name, Vec::new()))
            }
            TokenKind::Binary(selector) => {
                self.advance();
                Ok((selector, vec![self.declared_name()?]))
            }
            TokenKind::Keyword(_) => {
                let mut selector = String::new();
                let mut arguments = Vec::new();
                while let TokenKind::Keyword(keyword) = self.current().kind.clone() {
                    self.advance();
                    selector.push_str(&keyword);
                    arguments.push(self.declared_name()?);
                }
                Ok((selector, arguments))
            }
            _ => Err(self.expected("Message pattern")),
        }
    }

    fn method_body(
        &mut self,
        selector: String,
        arguments: Vec<Identifier>,
    ) -> Result<Method, CompileError> {
        let mut pragmas = Vec::new();
        let mut temporaries = None;
        loop {
            if self.at_binary("<") {
                pragmas.push(self.pragma()?);
            } else if temporaries.is_none() && (self.at_binary("|") || self.at_binary("||")) {
                temporaries = Some(self.temporaries()?);
            } else {
                break;
            }
        }
        let body = self.statements(&TokenKind::End)?;
        self.expect_end()?;
        Ok(Method {
            selector,
            arguments,
            pragmas,
            temporaries: temporaries.unwrap_or_default(),
            body,
            block_count: 0,
        })
    }

    /// `| a b |` or `||`; the current token is the opening bar.
    fn temporaries(&mut self) -> Result<Vec<Identifier>, CompileError> {
        if self.at_binary("||") {
            self.advance();
            return Ok(Vec::new());
        }
        self.advance();
        let mut names = Vec::new();
        while let TokenKind::Identifier(_) = self.current().kind {
            names.push(self.declared_name()?);
        }
        if !self.at_binary("|") {
            return Err(self.expected("| or temporary name"));
        }
        self.advance();
        Ok(names)
    }

    /// An identifier being declared (argument or temporary).
    fn declared_name(&mut self) -> Result<Identifier, CompileError> {
        let token = self.current().clone();
        match token.kind {
            TokenKind::Identifier(name) if RESERVED.contains(&name.as_str()) => {
                Err(self.error_here(format!("Cannot use reserved name {name} as a variable")))
            }
            TokenKind::Identifier(name) => {
                self.advance();
                Ok(Identifier {
                    name,
                    position: token.start,
                })
            }
            _ => Err(self.expected("Variable name")),
        }
    }

    /// Statements up to (not including) `terminator`, separated by periods.
    fn statements(&mut self, terminator: &TokenKind) -> Result<Vec<Statement>, CompileError> {
        let mut statements = Vec::new();
        loop {
            while self.current().kind == TokenKind::Period {
                self.advance();
            }
            if &self.current().kind == terminator {
                return Ok(statements);
            }
            statements.push(self.statement()?);
            match &self.current().kind {
                TokenKind::Period => continue,
                kind if kind == terminator => return Ok(statements),
                _ => {
                    let what = match terminator {
                        TokenKind::End => "Statement end (.)".to_string(),
                        other => format!(". or {}", other.describe()),
                    };
                    return Err(self.expected(&what));
                }
            }
        }
    }

    fn statement(&mut self) -> Result<Statement, CompileError> {
        if self.current().kind == TokenKind::Caret {
            let caret = self.advance();
            return Ok(Statement::Return(self.expression()?, caret.start));
        }
        Ok(Statement::Expression(self.expression()?))
    }

    // ----- expressions -----

    /// An assignment, a cascade or a message chain.
    pub(crate) fn expression(&mut self) -> Result<Expression, CompileError> {
        self.enter()?;
        let result = self.expression_inner();
        self.leave(1);
        result
    }

    fn expression_inner(&mut self) -> Result<Expression, CompileError> {
        if let (TokenKind::Identifier(name), TokenKind::Assign) =
            (self.current().kind.clone(), self.peek_kind(1))
        {
            let target = Identifier {
                name,
                position: self.current().start,
            };
            self.advance();
            self.advance();
            let value = self.expression()?;
            return Ok(Expression::Assignment(Box::new(AssignmentNode {
                target,
                value,
            })));
        }
        let primary = self.primary()?;
        let chain_start = self.depth;
        let chain = self.message_chain(primary);
        let result = match chain {
            Ok(expression) if self.current().kind == TokenKind::Semicolon => {
                self.cascade(expression)
            }
            other => other,
        };
        let levels = self.depth - chain_start;
        self.leave(levels);
        result
    }

    /// Unary messages, then binary messages, then at most one keyword message.
    fn message_chain(&mut self, receiver: Expression) -> Result<Expression, CompileError> {
        let receiver = self.binary_chain(receiver)?;
        if let TokenKind::Keyword(_) = self.current().kind {
            let message = self.keyword_message()?;
            self.enter()?;
            return Ok(send(receiver, message));
        }
        Ok(receiver)
    }

    fn unary_chain(&mut self, mut receiver: Expression) -> Result<Expression, CompileError> {
        while let TokenKind::Identifier(selector) = self.current().kind.clone() {
            let token = self.advance();
            self.enter()?;
            receiver = send(
                receiver,
                Message {
                    selector,
                    arguments: Vec::new(),
                    position: token.start,
                },
            );
        }
        Ok(receiver)
    }

    fn binary_chain(&mut self, receiver: Expression) -> Result<Expression, CompileError> {
        let mut receiver = self.unary_chain(receiver)?;
        while let TokenKind::Binary(_) = self.current().kind {
            let message = self.binary_message()?;
            self.enter()?;
            receiver = send(receiver, message);
        }
        Ok(receiver)
    }

    fn binary_message(&mut self) -> Result<Message, CompileError> {
        let token = self.advance();
        let TokenKind::Binary(selector) = token.kind else {
            return Err(self.expected("Binary selector"));
        };
        self.enter()?;
        let argument = self.primary().and_then(|primary| self.unary_chain(primary));
        self.leave(1);
        Ok(Message {
            selector,
            arguments: vec![argument?],
            position: token.start,
        })
    }

    fn keyword_message(&mut self) -> Result<Message, CompileError> {
        let position = self.current().start;
        let mut selector = String::new();
        let mut arguments = Vec::new();
        while let TokenKind::Keyword(keyword) = self.current().kind.clone() {
            self.advance();
            selector.push_str(&keyword);
            self.enter()?;
            let argument = self
                .primary()
                .and_then(|primary| self.binary_chain(primary));
            self.leave(1);
            arguments.push(argument?);
        }
        Ok(Message {
            selector,
            arguments,
            position,
        })
    }

    fn cascade(&mut self, first: Expression) -> Result<Expression, CompileError> {
        let Expression::Send(node) = first else {
            return Err(self.error_here("Cascaded message expected a message before ;"));
        };
        let SendNode { receiver, message } = *node;
        let mut messages = vec![message];
        while self.current().kind == TokenKind::Semicolon {
            self.advance();
            messages.push(self.cascade_message()?);
        }
        Ok(Expression::Cascade(Box::new(CascadeNode {
            receiver,
            messages,
        })))
    }

    fn cascade_message(&mut self) -> Result<Message, CompileError> {
        match self.current().kind.clone() {
            TokenKind::Identifier(selector) => {
                let token = self.advance();
                Ok(Message {
                    selector,
                    arguments: Vec::new(),
                    position: token.start,
                })
            }
            TokenKind::Binary(_) => self.binary_message(),
            TokenKind::Keyword(_) => self.keyword_message(),
            _ => Err(self.expected("Cascaded message")),
        }
    }

    fn primary(&mut self) -> Result<Expression, CompileError> {
        let token = self.current().clone();
        match token.kind {
            TokenKind::Identifier(name) => {
                self.advance();
                Ok(match name.as_str() {
                    "true" => Expression::Literal(LiteralValue::True, token.start),
                    "false" => Expression::Literal(LiteralValue::False, token.start),
                    "nil" => Expression::Literal(LiteralValue::Nil, token.start),
                    _ => Expression::Variable(Identifier {
                        name,
                        position: token.start,
                    }),
                })
            }
            TokenKind::LeftParen => {
                self.advance();
                let expression = self.expression()?;
                self.expect(&TokenKind::RightParen, ")")?;
                Ok(expression)
            }
            TokenKind::LeftBracket => self.block(),
            TokenKind::LeftBrace => self.dynamic_array(),
            _ => match self.literal()? {
                Some(value) => Ok(Expression::Literal(value, token.start)),
                None => Err(self.expected("Variable or expression")),
            },
        }
    }

    fn dynamic_array(&mut self) -> Result<Expression, CompileError> {
        let open = self.advance();
        self.enter()?;
        let mut elements = Vec::new();
        loop {
            while self.current().kind == TokenKind::Period {
                self.advance();
            }
            if self.current().kind == TokenKind::RightBrace {
                break;
            }
            elements.push(self.expression()?);
            if !matches!(
                self.current().kind,
                TokenKind::Period | TokenKind::RightBrace
            ) {
                self.leave(1);
                return Err(self.expected(". or }"));
            }
        }
        self.advance();
        self.leave(1);
        Ok(Expression::Array(elements, open.start))
    }

    fn block(&mut self) -> Result<Expression, CompileError> {
        let open = self.advance();
        self.block_count += 1;
        let id = self.block_count;
        for _ in 0..BLOCK_DEPTH {
            self.enter()?;
        }
        let result = self.block_contents(id, open.start);
        self.leave(BLOCK_DEPTH);
        result
    }

    fn block_contents(&mut self, id: usize, position: usize) -> Result<Expression, CompileError> {
        let mut arguments = Vec::new();
        while self.current().kind == TokenKind::Colon {
            self.advance();
            arguments.push(self.declared_name()?);
        }
        let mut temporaries = Vec::new();
        if !arguments.is_empty() {
            if self.at_binary("||") {
                self.advance();
                temporaries = self.temporary_names_until_bar()?;
            } else if self.at_binary("|") {
                self.advance();
            } else if self.current().kind != TokenKind::RightBracket {
                return Err(self.expected("| or ]"));
            }
        }
        if self.at_binary("|") || self.at_binary("||") {
            temporaries = self.temporaries()?;
        }
        let body = self.statements(&TokenKind::RightBracket)?;
        let close = self.expect(&TokenKind::RightBracket, "]")?;
        Ok(Expression::Block(Box::new(BlockNode {
            id,
            arguments,
            temporaries,
            body,
            position,
            end: close.end,
        })))
    }

    /// Temporaries after a `||` that closed the arguments and opened the declaration.
    fn temporary_names_until_bar(&mut self) -> Result<Vec<Identifier>, CompileError> {
        let mut names = Vec::new();
        while let TokenKind::Identifier(_) = self.current().kind {
            names.push(self.declared_name()?);
        }
        if !self.at_binary("|") {
            return Err(self.expected("| or temporary name"));
        }
        self.advance();
        Ok(names)
    }
}

fn send(receiver: Expression, message: Message) -> Expression {
    Expression::Send(Box::new(SendNode { receiver, message }))
}

#[cfg(test)]
mod tests;
