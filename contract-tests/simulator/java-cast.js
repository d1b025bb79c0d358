'use strict';
/**
 * RestServer answers an exception in the REST layer with a plain-text 500 of its message alone (~687:
 * `e.getMessage()`). Its request bodies are parsed by gson into Java objects (text: String, numbers: Double,
 * true/false: Boolean, lists: ArrayList, objects: LinkedTreeMap), and a cast of one to what the code expects
 * (`(Map) parameter` ~945, `(List<String>) systemTags` ~983) fails with Java 8's ClassCastException message.
 * @param {unknown} value a JSON value from the request body
 * @param {'java.util.Map' | 'java.util.List'} target
 */
function classCastMessage(value, target) {
	const javaClass = Array.isArray(value)
		? 'java.util.ArrayList'
		: typeof value === 'string'
			? 'java.lang.String'
			: typeof value === 'number'
				? 'java.lang.Double'
				: typeof value === 'boolean'
					? 'java.lang.Boolean'
					: 'com.google.gson.internal.LinkedTreeMap';
	return `${javaClass} cannot be cast to ${target}`;
}

module.exports = { classCastMessage };
