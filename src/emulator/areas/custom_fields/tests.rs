//! Behaviour of the Custom fields & custom data area's handlers.

use crate::emulator::areas::testing::*;

#[test]
fn custom_fields_are_set_read_and_deleted_with_their_values() {
    let mut state = State::default();
    let fields = json!({ "list": [
        { "targetType": "USER", "dataType": "STRING", "key": "intro", "label": "自我介绍" },
        { "targetType": "USER", "dataType": "NUMBER", "key": "age", "label": "年龄" },
        { "targetType": "GROUP", "dataType": "ENUM", "key": "tier", "label": "Tier",
          "options": [{ "label": "Gold", "value": "gold" }] },
    ] });
    let set = ok(&mut state, "setCustomFields", fields);
    assert_eq!(set.as_array().unwrap().len(), 3);
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!(users.as_array().unwrap().len(), 2);
    // Setting again changes what is given and keeps the rest.
    ok(&mut state, "setCustomFields", json!({ "list": [{ "targetType": "USER", "key": "age", "label": "Age" }] }));
    let users = ok(&mut state, "getCustomFields", json!({ "targetType": "USER" }));
    assert_eq!((users[1]["label"].clone(), users[1]["dataType"].clone()), (json!("Age"), json!("NUMBER")));
    let untyped = json!({ "list": [{ "targetType": "USER", "key": "new" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomFields", untyped)), "参数 list 格式错误");

    let ann = user(&mut state, json!({ "username": "ann" }));
    let data = json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t",
        "list": [{ "key": "age", "value": "30" }, { "key": "intro", "value": "hi" }] });
    ok(&mut state, "setCustomData", data);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "age": 30, "intro": "hi" }));
    let shown = ok(&mut state, "getUser", json!({ "userId": ann, "withCustomData": true }));
    assert_eq!(shown["customData"]["age"], 30, "the user record carries what setCustomData wrote");
    let not_a_number =
        json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "age", "value": "old" }] });
    assert_eq!(zh(&refused(&mut state, "setCustomData", not_a_number)), "参数 list 格式错误");
    let intro = |text: String| json!({ "targetType": "USER", "targetIdentifier": ann, "list": [{ "key": "intro", "value": text }] });
    let too_long = refused(&mut state, "setCustomData", intro("x".repeat(1024)));
    assert_eq!(zh(&too_long), "customData must be less than 1024 characters", "as createUser and updateUser bound it");
    ok(&mut state, "setCustomData", intro("x".repeat(1023)));
    ok(&mut state, "setCustomData", intro("hi".to_owned()));

    ok(&mut state, "createGroup", json!({ "code": "staff", "name": "Staff", "description": "" }));
    let tier =
        json!({ "targetType": "GROUP", "targetIdentifier": "staff", "list": [{ "key": "tier", "value": "gold" }] });
    ok(&mut state, "setCustomData", tier);
    let group =
        ok(&mut state, "getCustomData", json!({ "targetType": "GROUP", "targetIdentifier": "staff", "tenantId": "t" }));
    assert_eq!(group, json!({ "tier": "gold" }));
    let nobody = json!({ "targetType": "GROUP", "targetIdentifier": "nope", "tenantId": "t" });
    assert_eq!(refused(&mut state, "getCustomData", nobody).refusal(), &errors::GROUP_NOT_FOUND);

    let delete = json!({ "tenantId": "t", "list": [{ "targetType": "USER", "key": "age" }] });
    ok(&mut state, "deleteCustomFields", delete);
    assert_eq!(ok(&mut state, "getCustomFields", json!({ "targetType": "USER" })).as_array().unwrap().len(), 1);
    let read =
        ok(&mut state, "getCustomData", json!({ "targetType": "USER", "targetIdentifier": ann, "tenantId": "t" }));
    assert_eq!(read, json!({ "intro": "hi" }), "a deleted field's values go with it");
}

#[test]
fn user_base_fields_are_every_pools_and_only_their_display_changes() {
    let mut state = State::default();
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let username = fields.as_array().unwrap().iter().find(|f| f["key"] == "username").unwrap().clone();
    assert_eq!((username["isUnique"].clone(), username["dataType"].clone()), (json!(true), json!("STRING")));
    let set = json!({ "list": [{ "key": "nickname", "label": "Alias", "visibleInUserCenter": false }] });
    assert_eq!(ok(&mut state, "setUserBaseFields", set)[0]["label"], "Alias");
    let fields = ok(&mut state, "getUserBaseFields", json!({}));
    let nickname = fields.as_array().unwrap().iter().find(|f| f["key"] == "nickname").unwrap().clone();
    assert_eq!((nickname["label"].clone(), nickname["visibleInUserCenter"].clone()), (json!("Alias"), json!(false)));
    let unknown = json!({ "list": [{ "key": "nickname", "label": "x" }, { "key": "shoeSize" }] });
    assert_eq!(zh(&refused(&mut state, "setUserBaseFields", unknown)), "参数 list 格式错误");
    assert_eq!(state.user_base_fields[0].label, "Alias", "a refused request changes nothing");
}

#[test]
fn custom_field_listings_page_filter_and_count_what_is_defined() {
    let mut state = State::default();
    let listing = |extra: Value| {
        let mut query = json!({ "targetType": "USER", "dataType": "STRING" });
        query.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        query
    };
    let none = ok(&mut state, "listCustFields", listing(json!({})));
    assert_eq!(none, json!({ "count": { "all": 0, "userVisible": 0, "adminVisible": 0 }, "list": [] }));
    let fields = json!({ "list": [
        { "targetType": "USER", "dataType": "STRING", "key": "school", "label": "学校", "visibleInUserCenter": true,
          "i18n": { "label": {
              "zh-CN": { "enabled": true, "value": "学校" }, "en-US": { "enabled": true, "value": "School" },
              "zh-TW": { "enabled": true, "value": "學校" }, "ja-JP": { "enabled": true, "value": "学校" } } } },
        { "targetType": "USER", "dataType": "STRING", "key": "motto", "label": "Motto", "visibleInAdminConsole": true },
        { "targetType": "USER", "dataType": "NUMBER", "key": "age", "label": "Age" },
        { "targetType": "ROLE", "dataType": "STRING", "key": "scope", "label": "Scope" },
    ] });
    ok(&mut state, "setCustomFields", fields);
    let listed = ok(&mut state, "listCustFields", listing(json!({})));
    assert_eq!(listed["count"], json!({ "all": 2, "userVisible": 1, "adminVisible": 1 }));
    assert_eq!(keys_of(&listed["list"]), ["school", "motto"], "in creation order, of one type and data type");
    let page = ok(&mut state, "listCustFields", listing(json!({ "page": 2, "limit": 1 })));
    assert_eq!((keys_of(&page["list"]), page["count"]["all"].clone()), (vec!["motto".to_owned()], json!(2)));
    let visible = ok(&mut state, "listCustFields", listing(json!({ "userVisible": true })));
    assert_eq!(keys_of(&visible["list"]), ["school"], "the filter picks the list, the counts stay");
    assert_eq!(visible["count"]["all"], 2);
    let hidden = ok(&mut state, "listCustFields", listing(json!({ "adminVisible": false })));
    assert_eq!(keys_of(&hidden["list"]), ["school"]);
    let translated = ok(&mut state, "listCustFields", listing(json!({ "keyword": "SCHOOL", "lang": "en-US" })));
    assert_eq!(keys_of(&translated["list"]), ["school"], "a keyword matches the key and the labels");
    let roles = ok(&mut state, "listCustFields", json!({ "targetType": "ROLE", "dataType": "STRING" }));
    assert_eq!(keys_of(&roles["list"]), ["scope"]);
    let select = ok(&mut state, "listCustFields", listing(json!({ "dataType": "SELECT" })));
    assert_eq!(select["count"]["all"], 0, "no definition has the data type SELECT");

    ok(
        &mut state,
        "deleteCustomFields",
        json!({ "tenantId": "t", "list": [{ "targetType": "USER", "key": "school" }] }),
    );
    let after = ok(&mut state, "listCustFields", listing(json!({})));
    assert_eq!(keys_of(&after["list"]), ["motto"], "a deleted field is listed no more");

    let too_many = refused(&mut state, "listCustFields", listing(json!({ "limit": 51 })));
    assert_eq!(zh(&too_many), "参数 limit 格式错误");
    assert!(call(&mut state, "listCustFields", json!({ "targetType": "USER" })).is_err(), "dataType is required");
}

#[test]
fn the_user_base_field_listing_shows_their_settings_as_they_now_are() {
    let mut state = State::default();
    let base = |extra: Value| {
        let mut query = json!({ "targetType": "USER", "dataType": "STRING", "limit": 50 });
        query.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        query
    };
    let listed = ok(&mut state, "listUserBaseFields", base(json!({})));
    assert!(keys_of(&listed["list"]).contains(&"username".to_owned()));
    assert!(!keys_of(&listed["list"]).contains(&"gender".to_owned()), "gender is an ENUM field");
    assert_eq!(listed["count"]["userVisible"], 0);
    let set = json!({ "list": [{ "key": "nickname", "label": "Alias", "visibleInUserCenter": true }] });
    ok(&mut state, "setUserBaseFields", set);
    let visible = ok(&mut state, "listUserBaseFields", base(json!({ "userVisible": true })));
    assert_eq!(keys_of(&visible["list"]), ["nickname"]);
    assert_eq!(visible["list"][0]["label"], "Alias");
    let alias = ok(&mut state, "listUserBaseFields", base(json!({ "keyword": "alias" })));
    assert_eq!(keys_of(&alias["list"]), ["nickname"]);
    let undone = json!({ "list": [{ "key": "nickname", "visibleInUserCenter": false }] });
    ok(&mut state, "setUserBaseFields", undone);
    let visible = ok(&mut state, "listUserBaseFields", base(json!({ "userVisible": true })));
    assert_eq!(visible["count"]["userVisible"], 0, "the setting is read as it now is");
    let roles = ok(&mut state, "listUserBaseFields", base(json!({ "targetType": "ROLE" })));
    assert_eq!(roles["count"]["all"], 0, "base fields are user fields");
    assert!(call(&mut state, "listUserBaseFields", base(json!({ "page": 0 }))).is_err());
}

/// The keys of a listing's fields, in order.
fn keys_of(list: &Value) -> Vec<String> {
    list.as_array().expect("a list").iter().map(|f| f["key"].as_str().expect("key is a string").to_owned()).collect()
}
