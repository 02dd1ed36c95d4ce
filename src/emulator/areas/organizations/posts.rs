//! Posts (job positions): created, read back, changed, listed and removed,
//! and held by users and departments.
//!
//! A post is named by its code, unique in the pool. Who holds a post lives
//! with the holder (`post_id_list` of users and departments), so removing
//! a post is an event ([`Removed::Post`]) each holder drops it on.
//!
//! The spec types `departmentIdList` of a request and `idList` as one
//! string where the answers hold lists; the emulator reads such a string as
//! comma-separated ids, which one id without a comma also is.

use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::resolve;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome};
use crate::emulator::errors;
use crate::emulator::state::{Post, Removed, State, now_ms};
use serde::Deserialize;
use serde_json::{Value, json};

/// The longest post code.
const MAX_CODE_CHARS: usize = 64;

/// The ids of a comma-separated string.
fn id_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned).collect()
}

/// Refuses a code a post may not take: empty, over [`MAX_CODE_CHARS`], or
/// other than letters, digits, `_` and `-`.
fn check_code(code: &str) -> Result<(), ApiFault> {
    let fine = !code.is_empty()
        && code.chars().count() <= MAX_CODE_CHARS
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if fine {
        Ok(())
    } else {
        Err(ApiFault::invalid("code", format!("1 to {MAX_CODE_CHARS} letters, digits, '_' and '-', got {code:?}")))
    }
}

/// The position of the post with this code.
fn post_index(state: &State, code: &str) -> Result<usize, ApiFault> {
    state
        .posts
        .iter()
        .position(|p| p.code == code)
        .ok_or_else(|| ApiFault::of(&errors::POST_NOT_FOUND).with_detail(format!("no post is {code}")))
}

/// The post with this id.
fn post_by_id<'a>(state: &'a State, id: &str) -> Result<&'a Post, ApiFault> {
    state
        .posts
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ApiFault::of(&errors::POST_NOT_FOUND).with_detail(format!("no post has id {id}")))
}

/// Refuses a code another post than `except` already has.
fn check_free(state: &State, code: &str, except: Option<&str>) -> Result<(), ApiFault> {
    if state.posts.iter().any(|p| p.code == code && Some(p.id.as_str()) != except) {
        return Err(ApiFault::of(&errors::POST_CONFLICT).with_detail(format!("a post is already {code}")));
    }
    Ok(())
}

/// The departments of a comma-separated `departmentIdList`, by department id; all must exist.
fn departments(state: &State, list: &str) -> Result<Vec<String>, ApiFault> {
    id_list(list).iter().map(|r| resolve::department_id(state, None, r, "department_id")).collect()
}

/// Makes `departments` exactly the departments holding the post.
fn place(state: &mut State, post_id: &str, departments: &[String]) {
    for department in &mut state.departments {
        let held = department.post_id_list.iter().any(|id| id == post_id);
        match (held, departments.contains(&department.id)) {
            (false, true) => department.post_id_list.push(post_id.to_owned()),
            (true, false) => department.post_id_list.retain(|id| id != post_id),
            _ => {}
        }
    }
}

/// The ids of the departments holding the post.
fn departments_of<'a>(state: &'a State, post_id: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    state.departments.iter().filter(move |d| d.post_id_list.iter().any(|id| id == post_id)).map(|d| d.id.as_str())
}

/// A `PostDto`.
fn render(post: &Post) -> Value {
    json!({ "id": post.id, "code": post.code, "name": post.name, "description": post.description.as_deref().unwrap_or("") })
}

/// A `PostInfoDto`: a post with the departments holding it.
fn render_info(state: &State, post: &Post) -> Value {
    let mut out = render(post);
    out["departmentIdList"] = json!(departments_of(state, &post.id).collect::<Vec<_>>());
    out
}

/// A `CreatePostDto`, which `getPost` and `getUserPost` answer with
/// outside any envelope: the departments holding the post as one
/// comma-separated string, as that schema types them.
fn render_bare(state: &State, post: &Post) -> Value {
    let mut out = render(post);
    out["departmentIdList"] = json!(departments_of(state, &post.id).collect::<Vec<_>>().join(","));
    out
}

/// A `PostItemDto`: a post with how many hold it.
fn render_item(state: &State, post: &Post) -> Value {
    let mut out = render(post);
    out["userCount"] = json!(state.users.iter().filter(|u| u.post_id_list.contains(&post.id)).count());
    out["departmentCount"] = json!(departments_of(state, &post.id).count());
    out["metadataSource"] = json!([]);
    out
}

/// A post's fields, as a create or an update gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostFields {
    code: String,
    name: String,
    id: Option<String>,
    description: Option<String>,
    department_id_list: Option<String>,
}

/// `createPost`: a new post with a free code, optionally held by departments.
pub(super) fn create_post(input: &Input, state: &mut State) -> Outcome {
    let fields: PostFields = typed(input)?;
    check_code(&fields.code)?;
    check_free(state, &fields.code, None)?;
    let departments = fields.department_id_list.as_deref().map(|l| departments(state, l)).transpose()?;
    let now = now_ms();
    let post = Post {
        id: state.new_id(),
        code: fields.code,
        name: fields.name,
        description: fields.description,
        created_at: now,
        updated_at: now,
    };
    place(state, &post.id, &departments.unwrap_or_default());
    let rendered = render_info(state, &post);
    state.posts.push(post);
    Ok(rendered)
}

/// `updatePost`: the post `id` names (or, without one, the post with
/// `code`) takes the code, name and description given; a new code must be
/// free. `departmentIdList`, when given, replaces the departments holding it.
pub(super) fn update_post(input: &Input, state: &mut State) -> Outcome {
    let fields: PostFields = typed(input)?;
    let index = match &fields.id {
        Some(id) => {
            let id = post_by_id(state, id)?.id.clone();
            state.posts.iter().position(|p| p.id == id).ok_or_else(|| ApiFault::of(&errors::POST_NOT_FOUND))?
        }
        None => post_index(state, &fields.code)?,
    };
    check_code(&fields.code)?;
    check_free(state, &fields.code, Some(&state.posts[index].id))?;
    let departments = fields.department_id_list.as_deref().map(|l| departments(state, l)).transpose()?;
    let post = &mut state.posts[index];
    post.code = fields.code;
    post.name = fields.name;
    if let Some(description) = fields.description {
        post.description = Some(description);
    }
    post.updated_at = now_ms();
    let id = post.id.clone();
    if let Some(departments) = departments {
        place(state, &id, &departments);
    }
    Ok(render_info(state, &state.posts[index]))
}

/// A request naming a post by its code.
#[derive(Deserialize)]
struct ByCode {
    code: String,
}

/// `getPost`: by code; the answer is the post itself, not an envelope.
pub(super) fn get_post(input: &Input, state: &mut State) -> Outcome {
    let index = post_index(state, &typed::<ByCode>(input)?.code)?;
    Ok(render_bare(state, &state.posts[index]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByIds {
    #[serde(default)]
    id_list: String,
}

/// `getPostById`: the answer holds one post, so `idList` must name exactly one.
pub(super) fn get_post_by_id(input: &Input, state: &mut State) -> Outcome {
    match id_list(&typed::<ByIds>(input)?.id_list).as_slice() {
        [id] => Ok(render(post_by_id(state, id)?)),
        _ => Err(ApiFault::invalid("idList", "the answer holds one post, so idList names one")),
    }
}

/// `removePost`: the post goes, and with it every hold on it.
pub(super) fn remove_post(input: &Input, state: &mut State) -> Outcome {
    let index = post_index(state, &typed::<ByCode>(input)?.code)?;
    let post = state.posts.remove(index);
    state.removed(&Removed::Post(&post.id));
    Ok(json!({}))
}

/// A listing of posts: keywords, bounds on when they were created and
/// updated (milliseconds since the epoch), and the codes of `postListBatch`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listing {
    #[serde(flatten)]
    paging: Paging,
    #[serde(default)]
    keywords: String,
    created_after: Option<i64>,
    created_before: Option<i64>,
    updated_after: Option<i64>,
    updated_before: Option<i64>,
    post_codes: Option<Vec<String>>,
}

/// A page of the posts the listing picks, in creation order.
fn post_page(listing: Listing, state: &State) -> Outcome {
    let page = listing.paging.page()?;
    let within = |after: Option<i64>, before: Option<i64>| after.unwrap_or(i64::MIN)..=before.unwrap_or(i64::MAX);
    let created = within(listing.created_after, listing.created_before);
    let updated = within(listing.updated_after, listing.updated_before);
    let list: Vec<Value> = state
        .posts
        .iter()
        .filter(|p| listing.post_codes.as_ref().is_none_or(|codes| codes.contains(&p.code)))
        .filter(|p| contains_ci(&p.code, &listing.keywords) || contains_ci(&p.name, &listing.keywords))
        .filter(|p| created.contains(&p.created_at) && updated.contains(&p.updated_at))
        .map(|p| render_item(state, p))
        .collect();
    Ok(page.of(list))
}

/// `postList`, and `postListBatch`, which narrows it to `postCodes` when given.
pub(super) fn post_list(input: &Input, state: &mut State) -> Outcome {
    post_page(typed(input)?, state)
}

/// The user a request's `userId` names (an emulator user id).
fn input_user(state: &State, input: &Input) -> Result<String, ApiFault> {
    resolve::input_user_id(state, input)
}

/// The posts a user holds, in the order they were given.
fn posts_of<'a>(state: &'a State, user_id: &str) -> Vec<&'a Post> {
    let held = state.user(user_id).map(|u| u.post_id_list.as_slice()).unwrap_or_default();
    held.iter().filter_map(|id| state.posts.iter().find(|p| &p.id == id)).collect()
}

/// `getUserPosts`.
pub(super) fn get_user_posts(input: &Input, state: &mut State) -> Outcome {
    let user_id = input_user(state, input)?;
    Ok(json!(posts_of(state, &user_id).into_iter().map(render).collect::<Vec<_>>()))
}

/// `getUserPost`: the user's first post; a user holding none is answered
/// that no such post exists.
pub(super) fn get_user_post(input: &Input, state: &mut State) -> Outcome {
    let user_id = input_user(state, input)?;
    let first = posts_of(state, &user_id)
        .into_iter()
        .next()
        .ok_or_else(|| ApiFault::of(&errors::POST_NOT_FOUND).with_detail(format!("user {user_id} holds no post")))?;
    Ok(render_bare(state, first))
}

/// The ids of the posts these ids name, each once; all must exist.
pub(super) fn existing_posts(state: &State, ids: &[String]) -> Result<Vec<String>, ApiFault> {
    let mut found: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = &post_by_id(state, id)?.id;
        if !found.contains(id) {
            found.push(id.clone());
        }
    }
    Ok(found)
}

/// Gives a user who has not resigned the posts of `ids`, replacing what it
/// held when `replace`, adding to it otherwise.
fn give_posts(input: &Input, state: &mut State, ids: &[String], replace: bool) -> Outcome {
    let user_id = input_user(state, input)?;
    resolve::refuse_resigned(state, std::slice::from_ref(&user_id))?;
    let posts = existing_posts(state, ids)?;
    if let Some(user) = state.user_mut(&user_id) {
        if replace {
            user.post_id_list.clear();
        }
        for post in posts {
            if !user.post_id_list.contains(&post) {
                user.post_id_list.push(post);
            }
        }
    }
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserPosts {
    post_ids: Vec<String>,
}

/// `setUserPosts`: the listed posts become exactly the user's.
pub(super) fn set_user_posts(input: &Input, state: &mut State) -> Outcome {
    let ids = typed::<UserPosts>(input)?.post_ids;
    give_posts(input, state, &ids, true)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserPost {
    post_id: String,
}

/// `userConnectionPost`: the user also holds the post.
pub(super) fn user_connection_post(input: &Input, state: &mut State) -> Outcome {
    let id = typed::<UserPost>(input)?.post_id;
    give_posts(input, state, &[id], false)
}
