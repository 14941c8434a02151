//! Where a request goes: predefined endpoints (`/api/{Op}`, `/json/reply/{Op}`) and user-defined
//! routes picked the way ServiceStack's .NET client picks them.

use crate::request::{HttpMethod, Route};

use super::config::{BasePath, RouteMode};
use super::query::{Fields, encode_component};

/// Which predefined endpoint family a call uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// Request/reply (`/api/{Op}`, legacy `/json/reply/{Op}`).
    Reply,
    /// One-way (`/api/{Op}`, legacy `/json/oneway/{Op}`).
    OneWay,
}

/// Joins a base URL (no trailing `/`) and a path, collapsing the `/` at the seam.
pub(crate) fn join(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}/{path}")
    }
}

/// The URL prefix that operation names are appended to, without a trailing `/`.
pub(crate) fn endpoint_base(base_url: &str, base_path: &BasePath, endpoint: Endpoint) -> String {
    let base_url = base_url.trim_end_matches('/');
    let with = |suffix: &str| {
        // Room for the `/{Op}` that usually follows, and a GET's query string.
        let mut url = String::with_capacity(base_url.len() + suffix.len() + 192);
        url.push_str(base_url);
        url.push_str(suffix);
        url
    };
    match (base_path, endpoint) {
        (BasePath::Api, _) => with("/api"),
        (BasePath::Legacy, Endpoint::Reply) => with("/json/reply"),
        (BasePath::Legacy, Endpoint::OneWay) => with("/json/oneway"),
        (BasePath::Custom(path), _) => {
            let path = path.trim_matches('/');
            if path.is_empty() {
                base_url.to_owned()
            } else {
                format!("{base_url}/{path}")
            }
        }
    }
}

/// The predefined URL of an operation.
pub(crate) fn predefined_url(
    base_url: &str,
    base_path: &BasePath,
    endpoint: Endpoint,
    operation: &str,
) -> String {
    let mut url = endpoint_base(base_url, base_path, endpoint);
    url.push('/');
    url.push_str(&encode_component(operation));
    url
}

/// The URL of a request (without query string) and the request members bound into its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Absolute URL without query string.
    pub(crate) url: String,
    /// Wire names of the members whose values are in the path; they are left out of the query
    /// string.
    pub(crate) bound: Vec<String>,
}

/// Resolves the URL of a request/reply call; fails when a route value would act as path syntax
/// (see [`apply_route`]).
pub(crate) fn resolve(
    base_url: &str,
    base_path: &BasePath,
    routes_mode: RouteMode,
    operation: &str,
    routes: &[Route],
    method: HttpMethod,
    fields: &Fields,
) -> Result<Target, String> {
    if routes_mode == RouteMode::UserDefined
        && let Some(applied) = select_route(routes, method, fields)?
    {
        return Ok(Target {
            url: join(base_url, &applied.path),
            bound: applied.bound,
        });
    }
    Ok(Target {
        url: predefined_url(base_url, base_path, Endpoint::Reply, operation),
        bound: Vec::new(),
    })
}

/// A route with every variable substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AppliedRoute {
    pub(crate) path: String,
    pub(crate) bound: Vec<String>,
    variables: usize,
    template_len: usize,
}

/// Picks the user-defined route for `method`, like ServiceStack's .NET client: only routes whose
/// verbs allow the method; every `{Var}` must resolve to a non-null member (matched ignoring case;
/// a `{Var*}` wildcard may be missing); the route binding the most variables wins, then the
/// shortest template. Equally specific routes reach the same operation, so where .NET reports
/// them as ambiguous the first declared one is used.
pub(crate) fn select_route(
    routes: &[Route],
    method: HttpMethod,
    fields: &Fields,
) -> Result<Option<AppliedRoute>, String> {
    let mut best: Option<AppliedRoute> = None;
    for route in routes.iter().filter(|route| route.allows(method)) {
        let Some(applied) = apply_route(route.path, fields)? else {
            continue;
        };
        let better = match &best {
            None => true,
            Some(current) => {
                applied.variables > current.variables
                    || (applied.variables == current.variables
                        && applied.template_len < current.template_len)
            }
        };
        if better {
            best = Some(applied);
        }
    }
    Ok(best)
}

/// Substitutes the variables of one route template; `None` when a required variable has no value
/// (or the template is malformed).
///
/// Route values never act as path syntax: `/` is encoded outside wildcards, and a value that is
/// empty (outside wildcards), `.` or `..` (or has such a segment inside a wildcard) is refused,
/// naming the member: URL parsers remove dot segments even when percent-encoded, so no encoding
/// would keep them from climbing out of the route.
pub(crate) fn apply_route(template: &str, fields: &Fields) -> Result<Option<AppliedRoute>, String> {
    let mut path = String::with_capacity(template.len() + 16);
    let mut bound = Vec::new();
    let mut variables = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|end| open + end) else {
            return Ok(None);
        };
        path.push_str(&rest[..open]);
        let variable = &rest[open + 1..close];
        rest = &rest[close + 1..];
        variables += 1;
        let (name, wildcard) = match variable.strip_suffix('*') {
            Some(name) => (name, true),
            None => (variable, false),
        };
        let found = fields
            .find(name.trim())
            .and_then(|(key, value)| value.path_text().map(|text| (key, text)));
        match found {
            Some((key, text)) => {
                check_route_value(template, variable, key, text, wildcard)?;
                if wildcard {
                    // A wildcard spans segments: keep its `/` separators, encode the rest.
                    let encoded: Vec<_> = text.split('/').map(encode_component).collect();
                    path.push_str(&encoded.join("/"));
                } else {
                    path.push_str(&encode_component(text));
                }
                if !bound.iter().any(|existing| existing == key) {
                    bound.push(key.to_owned());
                }
            }
            None if wildcard => {}
            None => return Ok(None),
        }
    }
    path.push_str(rest);
    // An empty trailing wildcard must not leave `/path//`.
    while path.len() > 1 && path.ends_with("//") {
        path.pop();
    }
    Ok(Some(AppliedRoute {
        path,
        bound,
        variables,
        template_len: template.len(),
    }))
}

/// Refuses route values that would change the path instead of filling a segment.
fn check_route_value(
    template: &str,
    variable: &str,
    member: &str,
    text: &str,
    wildcard: bool,
) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "member `{member}` fills `{{{variable}}}` of route `{template}` with {why}; set it to a \
             real value or leave it unset"
        ))
    };
    if text.is_empty() && !wildcard {
        return refuse("an empty value, which would leave an empty path segment");
    }
    let segments: Box<dyn Iterator<Item = &str>> = if wildcard {
        Box::new(text.split('/'))
    } else {
        Box::new(std::iter::once(text))
    };
    for segment in segments {
        if segment == "." || segment == ".." {
            return refuse(&format!(
                "`{text}`, whose `{segment}` segment would move the request to another path"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: serde_json::Value) -> Fields {
        Fields::of(&value).unwrap()
    }

    const GET: &[HttpMethod] = &[HttpMethod::Get];

    #[test]
    fn predefined_urls() {
        let op = "InviteChatMember";
        assert_eq!(
            predefined_url("http://h:1/", &BasePath::Api, Endpoint::Reply, op),
            "http://h:1/api/InviteChatMember"
        );
        assert_eq!(
            predefined_url("http://h/prefix/v1", &BasePath::Api, Endpoint::OneWay, op),
            "http://h/prefix/v1/api/InviteChatMember"
        );
        assert_eq!(
            predefined_url("http://h", &BasePath::Legacy, Endpoint::Reply, op),
            "http://h/json/reply/InviteChatMember"
        );
        assert_eq!(
            predefined_url("http://h", &BasePath::Legacy, Endpoint::OneWay, op),
            "http://h/json/oneway/InviteChatMember"
        );
        assert_eq!(
            predefined_url(
                "http://h",
                &BasePath::Custom("/custom/api/".into()),
                Endpoint::Reply,
                op
            ),
            "http://h/custom/api/InviteChatMember"
        );
        assert_eq!(
            predefined_url(
                "http://h",
                &BasePath::Custom(String::new()),
                Endpoint::Reply,
                op
            ),
            "http://h/InviteChatMember"
        );
        assert_eq!(join("http://h/", "/a/b"), "http://h/a/b");
    }

    #[test]
    fn route_variables_match_wire_names_ignoring_case() {
        let routes = [Route {
            path: "/sessions/{SessionId}/members",
            verbs: &[HttpMethod::Post],
        }];
        let f = fields(json!({"sessionId": "a b/c", "memberToAdd": "+1"}));
        let applied = select_route(&routes, HttpMethod::Post, &f)
            .unwrap()
            .unwrap();
        assert_eq!(applied.path, "/sessions/a%20b%2Fc/members");
        assert_eq!(applied.bound, vec!["sessionId".to_owned()]);
        // The verb filter excludes the route.
        assert!(
            select_route(&routes, HttpMethod::Get, &f)
                .unwrap()
                .is_none()
        );
        // A null member does not bind.
        assert!(
            select_route(
                &routes,
                HttpMethod::Post,
                &fields(json!({"sessionId": null}))
            )
            .unwrap()
            .is_none()
        );
    }

    #[test]
    fn most_specific_route_wins() {
        let routes = [
            Route {
                path: "/albums",
                verbs: GET,
            },
            Route {
                path: "/albums/{AlbumId}",
                verbs: GET,
            },
            Route {
                path: "/artists/{ArtistId}/albums/{AlbumId}",
                verbs: &[],
            },
            Route {
                path: "/a/{AlbumId}/{ArtistId}",
                verbs: &[],
            },
        ];
        let none = fields(json!({"skip": 1}));
        assert_eq!(
            select_route(&routes, HttpMethod::Get, &none)
                .unwrap()
                .unwrap()
                .path,
            "/albums"
        );
        let one = fields(json!({"albumId": 7}));
        assert_eq!(
            select_route(&routes, HttpMethod::Get, &one)
                .unwrap()
                .unwrap()
                .path,
            "/albums/7"
        );
        let two = fields(json!({"albumId": 7, "artistId": 3}));
        // Both two-variable routes match: the shorter template wins.
        assert_eq!(
            select_route(&routes, HttpMethod::Get, &two)
                .unwrap()
                .unwrap()
                .path,
            "/a/7/3"
        );
        assert_eq!(
            select_route(&routes, HttpMethod::Delete, &two)
                .unwrap()
                .unwrap()
                .path,
            "/a/7/3"
        );
        assert!(
            select_route(&routes, HttpMethod::Delete, &one)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn wildcards_and_lists() {
        let routes = [Route {
            path: "/files/{Path*}",
            verbs: &[],
        }];
        let f = fields(json!({"path": "dir one/file.txt"}));
        assert_eq!(
            select_route(&routes, HttpMethod::Get, &f)
                .unwrap()
                .unwrap()
                .path,
            "/files/dir%20one/file.txt"
        );
        let empty = fields(json!({}));
        assert_eq!(
            select_route(&routes, HttpMethod::Get, &empty)
                .unwrap()
                .unwrap()
                .path,
            "/files/"
        );
        let list = [Route {
            path: "/todos/{Ids}",
            verbs: &[],
        }];
        assert_eq!(
            select_route(&list, HttpMethod::Get, &fields(json!({"ids": [1, 2]})))
                .unwrap()
                .unwrap()
                .path,
            "/todos/1%2C2"
        );
    }

    #[test]
    fn resolve_falls_back_to_predefined() {
        let routes = [Route {
            path: "/hello/{Name}",
            verbs: &[],
        }];
        let with = fields(json!({"name": "World"}));
        let without = fields(json!({}));
        let base = "http://h";
        let t = resolve(
            base,
            &BasePath::Api,
            RouteMode::UserDefined,
            "Hello",
            &routes,
            HttpMethod::Get,
            &with,
        )
        .unwrap();
        assert_eq!(t.url, "http://h/hello/World");
        assert_eq!(t.bound, vec!["name".to_owned()]);
        let t = resolve(
            base,
            &BasePath::Api,
            RouteMode::UserDefined,
            "Hello",
            &routes,
            HttpMethod::Get,
            &without,
        )
        .unwrap();
        assert_eq!(t.url, "http://h/api/Hello");
        let t = resolve(
            base,
            &BasePath::Api,
            RouteMode::Predefined,
            "Hello",
            &routes,
            HttpMethod::Get,
            &with,
        )
        .unwrap();
        assert_eq!(t.url, "http://h/api/Hello");
        assert!(t.bound.is_empty());
    }

    #[test]
    fn malformed_templates_do_not_panic() {
        assert_eq!(
            apply_route("/x/{Open", &fields(json!({"open": 1}))),
            Ok(None)
        );
        assert_eq!(apply_route("/x/}{", &fields(json!({}))), Ok(None));
        assert_eq!(
            apply_route("/", &fields(json!({}))).unwrap().unwrap().path,
            "/"
        );
    }

    #[test]
    fn route_values_never_act_as_path_syntax() {
        let members = "/sessions/{SessionId}/members";
        for value in ["..", ".", ""] {
            let error = apply_route(members, &fields(json!({ "sessionId": value }))).unwrap_err();
            assert!(error.contains("member `sessionId`"), "{error}");
        }
        // Dots inside a value are fine; so is a slash, encoded.
        assert_eq!(
            apply_route(members, &fields(json!({"sessionId": "../x"})))
                .unwrap()
                .unwrap()
                .path,
            "/sessions/..%2Fx/members"
        );
        let files = "/files/{Path*}";
        for value in ["../../../admin/delete", "a/./b", "a/..", "."] {
            let error = apply_route(files, &fields(json!({ "path": value }))).unwrap_err();
            assert!(error.contains("member `path`"), "{value}: {error}");
        }
        assert_eq!(
            apply_route(files, &fields(json!({"path": "a/..b/c."})))
                .unwrap()
                .unwrap()
                .path,
            "/files/a/..b/c."
        );
        // An empty wildcard is allowed (it may be missing too).
        assert!(
            apply_route(files, &fields(json!({"path": ""})))
                .unwrap()
                .is_some()
        );
    }
}
